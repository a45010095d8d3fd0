import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { writePermissionDenied } from "y-protocols/auth";

/**
 * The y-websocket wire format, decoded strictly: every length is checked against the frame, a
 * frame holds exactly one message (trailing bytes are an error), unknown types are an error.
 * Yjs payloads are returned as views into the frame (no copy).
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Our own message type for document events (see documentEventFrame); stock y-websocket clients ignore unknown types. */
export const MESSAGE_DOCUMENT_EVENT = 100;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text ("null" when the client leaves). */
  json: string;
}

export type ClientMessage =
  | { kind: "sync-step1"; stateVector: Uint8Array }
  | { kind: "sync-step2" | "update"; update: Uint8Array }
  | { kind: "awareness"; entries: AwarenessEntry[] }
  | { kind: "query-awareness" };

export class ProtocolError extends Error {}

const MAX_CLIENT_ID = 0xffffffff;
const MAX_AWARENESS_ENTRIES = 64;

function readUint(decoder: decoding.Decoder): number {
  const len = decoder.arr.length;
  let num = 0;
  let mult = 1;
  for (let i = 0; i < 8; i++) {
    if (decoder.pos >= len) throw new ProtocolError("truncated varint");
    const r = decoder.arr[decoder.pos++];
    num += (r & 0x7f) * mult;
    if (r < 0x80) return num;
    mult *= 128;
  }
  throw new ProtocolError("varint too long");
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const n = readUint(decoder);
  if (n > decoder.arr.length - decoder.pos) throw new ProtocolError("length past end of frame");
  const out = decoder.arr.subarray(decoder.pos, decoder.pos + n);
  decoder.pos += n;
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes one client frame; throws ProtocolError when it is not a well-formed message. */
export function decodeClientMessage(frame: Uint8Array, maxAwarenessStateBytes: number): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  const type = readUint(decoder);
  let message: ClientMessage;
  if (type === MESSAGE_SYNC) {
    const sub = readUint(decoder);
    const payload = readBytes(decoder);
    if (sub === SYNC_STEP1) message = { kind: "sync-step1", stateVector: payload };
    else if (sub === SYNC_STEP2) message = { kind: "sync-step2", update: payload };
    else if (sub === SYNC_UPDATE) message = { kind: "update", update: payload };
    else throw new ProtocolError(`unknown sync message ${sub}`);
  } else if (type === MESSAGE_AWARENESS) {
    const inner = decoding.createDecoder(readBytes(decoder));
    const count = readUint(inner);
    if (count > MAX_AWARENESS_ENTRIES) throw new ProtocolError("too many awareness entries");
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = readUint(inner);
      const clock = readUint(inner);
      const raw = readBytes(inner);
      if (clientId > MAX_CLIENT_ID) throw new ProtocolError("awareness client id out of range");
      if (raw.byteLength > maxAwarenessStateBytes) throw new ProtocolError("awareness state too large");
      let json: string;
      try {
        json = utf8.decode(raw);
      } catch {
        throw new ProtocolError("awareness state is not UTF-8");
      }
      entries.push({ clientId, clock, json });
    }
    if (inner.pos !== inner.arr.length) throw new ProtocolError("trailing bytes in awareness update");
    message = { kind: "awareness", entries };
  } else if (type === MESSAGE_QUERY_AWARENESS) {
    message = { kind: "query-awareness" };
  } else {
    throw new ProtocolError(`unknown message type ${type}`);
  }
  if (decoder.pos !== frame.length) throw new ProtocolError("trailing bytes after message");
  return message;
}

function frameOf(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (sub !== null) encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Frame = (stateVector: Uint8Array) => frameOf(MESSAGE_SYNC, SYNC_STEP1, stateVector);
export const syncStep2Frame = (update: Uint8Array) => frameOf(MESSAGE_SYNC, SYNC_STEP2, update);
export const updateFrame = (update: Uint8Array) => frameOf(MESSAGE_SYNC, SYNC_UPDATE, update);

/** One awareness message carrying several clients' states. */
export function awarenessFrame(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, list.length);
  for (const e of list) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, e.json);
  }
  return frameOf(MESSAGE_AWARENESS, null, encoding.toUint8Array(inner));
}

/** y-protocols' auth message "permission denied" (messageAuth = 2): the stock provider hands `reason` to its handler. */
export function permissionDeniedFrame(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** Events the collaboration server announces to a document's open editors. */
export type DocumentEvent = { type: "restored"; by: { id: string; name: string }; version: number };

/** A document event for the room's clients (type 100, then JSON as a varString), e.g. `{"type":"restored",…}`. */
export function documentEventFrame(event: DocumentEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_DOCUMENT_EVENT);
  encoding.writeVarString(encoder, JSON.stringify(event));
  return encoding.toUint8Array(encoder);
}
