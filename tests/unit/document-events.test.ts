import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import { announcementOf, readDocumentEvent } from "../../app/components/documents/document-events";
import { documentEventFrame, MESSAGE_DOCUMENT_EVENT as SERVER_TYPE } from "../../server/collab/protocol";
import { MESSAGE_DOCUMENT_EVENT } from "../../app/components/documents/document-events";

describe("document events in the editor", () => {
  it("reads the frame the collaboration server sends for a restore", () => {
    expect(MESSAGE_DOCUMENT_EVENT).toBe(SERVER_TYPE);
    const decoder = decoding.createDecoder(documentEventFrame({ type: "restored", by: { id: "u-ada", name: "Ada Lovelace" }, version: 2 }));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_DOCUMENT_EVENT);
    const a = readDocumentEvent(decoder, "u-bruno", 1000);
    expect(a?.text).toMatch(/^Ada Lovelace restored version 2: /);
    expect(a?.at).toBe(1000);
    expect(a?.by).toEqual({ id: "u-ada", name: "Ada Lovelace", self: false });
  });

  it("says 'You' to the person who restored", () => {
    expect(announcementOf(JSON.stringify({ type: "restored", by: { id: "u-ada", name: "Ada" }, version: 3 }), "u-ada", 0)?.text).toMatch(/^You restored version 3: /);
  });

  it("ignores what it does not know, and never throws on a bad frame", () => {
    for (const body of ["not json", "null", "[]", '{"type":"deleted"}', '{"type":"restored","version":0}', '{"type":"restored","version":"2"}', '{"type":"restored","version":1.5}'])
      expect(announcementOf(body, "u", 0)).toBeNull();
    const truncated = encoding.createEncoder();
    encoding.writeVarUint(truncated, 50); // claims 50 bytes of string, has none
    expect(readDocumentEvent(decoding.createDecoder(encoding.toUint8Array(truncated)), "u", 0)).toBeNull();
    expect(announcementOf('{"type":"restored","by":{"name":"  "},"version":1}', "u", 0)?.text).toMatch(/^Someone restored version 1/);
  });
});
