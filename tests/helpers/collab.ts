import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { collabPath } from "../../app/lib/collab-protocol";
import { yDocPlainText } from "../../common/ydoc/ydoc-state";

export interface Cookie {
  name: string;
  value: string;
}

/** A `ws` WebSocket class that sends the session cookie and an Origin, for the y-websocket provider. */
export function socketClass(cookie: Cookie | null, origin: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { origin, ...(cookie ? { cookie: `${cookie.name}=${cookie.value}` } : {}) } });
    }
  };
}

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw (code, reason), in order. */
  closes: { code: number; reason: string }[];
  synced(): Promise<void>;
  destroy(): void;
}

/** The stock y-websocket 3 provider, in Node, against the test server. */
export function collabClient(baseUrl: string, documentId: string, cookie: Cookie | null, options: { origin?: string; connect?: boolean; doc?: Y.Doc } = {}): CollabClient {
  const doc = options.doc ?? new Y.Doc();
  const wsUrl = baseUrl.replace(/^http/, "ws") + "/collab";
  const provider = new WebsocketProvider(wsUrl, encodeURIComponent(documentId), doc, {
    WebSocketPolyfill: socketClass(cookie, options.origin ?? baseUrl) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    synced: () =>
      provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once("sync", (s: boolean) => s && resolve())),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Appends text to the document's first paragraph (creating it), as Tiptap would store it. */
export function typeText(doc: Y.Doc, text: string): void {
  const frag = doc.getXmlFragment("default");
  doc.transact(() => {
    let para = frag.get(0) as Y.XmlElement | undefined;
    if (!para) {
      para = new Y.XmlElement("paragraph");
      para.insert(0, [new Y.XmlText()]);
      frag.insert(0, [para]);
    }
    const t = para.get(0) as Y.XmlText;
    t.insert(t.length, text);
  });
}

/**
 * Types one character at a time, waiting `gapMs` between them: the server applies what arrives in
 * one event-loop turn as one stored row, so a test that needs many log rows must not send them all at once.
 */
export async function typeSlowly(doc: Y.Doc, text: string, gapMs = 15): Promise<void> {
  for (const ch of text) {
    typeText(doc, ch);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

export const textOf = (doc: Y.Doc) => yDocPlainText(doc);

/**
 * Opens a raw websocket; resolves with the socket once open (with every frame it receives
 * collected in `received` from the start), or with the HTTP status it was refused with.
 */
export function rawSocket(baseUrl: string, documentId: string, headers: Record<string, string>): Promise<{ ws: WebSocket | null; status: number | null; received: Uint8Array[] }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(baseUrl.replace(/^http/, "ws") + collabPath(documentId), { headers });
    const received: Uint8Array[] = [];
    ws.on("message", (data) => received.push(new Uint8Array(data as Buffer)));
    ws.on("open", () => resolve({ ws, status: null, received }));
    ws.on("unexpected-response", (_req, res) => {
      resolve({ ws: null, status: res.statusCode ?? 0, received });
      res.resume();
      ws.terminate();
    });
    ws.on("error", () => resolve({ ws: null, status: 0, received }));
  });
}

/** Waits for a raw socket's close; resolves with its code. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: (ws as unknown as { _closeCode: number })._closeCode, reason: "" });
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

export const cookieHeader = (c: Cookie) => `${c.name}=${c.value}`;
