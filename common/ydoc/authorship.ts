import * as Y from "yjs";

/**
 * How many characters of a document's visible text each Yjs client typed: every item keeps the id
 * of the client that created it, so this holds after any number of compactions. Deleted text and
 * formatting count for nobody.
 */
export function charactersByClient(doc: Y.Doc): Map<number, number> {
  const out = new Map<number, number>();
  doc.store.clients.forEach((structs, client) => {
    let count = 0;
    for (const struct of structs) {
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString) count += struct.length;
    }
    if (count) out.set(client, count);
  });
  return out;
}
