import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Logger } from "pino";
import type { CollabRelay, RelayMessage } from "../collab/relay";
import { instanceId } from "./instance";
import type { RedisBus } from "./redis";

export const COLLAB_CHANNEL = "collab";
/** How long a compaction claim lasts without renewal (a vanished holder's documents wait this long). */
export const COMPACTION_CLAIM_MS = 60_000;
/** Takes the claim when free or already ours (renewing it); 1 when held by us afterwards. */
const CLAIM_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
/** Deletes the claim only when it is ours. */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;
const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;

/** Frame: instance id, document id, kind, payload — all length-prefixed (lib0 encoding). */
export function encodeRelayFrame(from: string, documentId: string, message: RelayMessage): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, from);
  encoding.writeVarString(enc, documentId);
  encoding.writeVarUint(enc, message.kind === "update" ? KIND_UPDATE : KIND_AWARENESS);
  encoding.writeVarUint8Array(enc, message.kind === "update" ? message.data : message.frame);
  if (message.kind === "update" && message.seqs?.length) {
    encoding.writeVarUint(enc, message.seqs.length);
    for (const seq of message.seqs) encoding.writeVarUint(enc, seq);
  }
  return encoding.toUint8Array(enc);
}

export function decodeRelayFrame(frame: Uint8Array): { from: string; documentId: string; message: RelayMessage } {
  const dec = decoding.createDecoder(frame);
  const from = decoding.readVarString(dec);
  const documentId = decoding.readVarString(dec);
  const kind = decoding.readVarUint(dec);
  const payload = decoding.readVarUint8Array(dec);
  if (kind === KIND_UPDATE) {
    if (!decoding.hasContent(dec)) return { from, documentId, message: { kind: "update", data: payload } };
    const seqs = Array.from({ length: decoding.readVarUint(dec) }, () => decoding.readVarUint(dec));
    return { from, documentId, message: { kind: "update", data: payload, seqs } };
  }
  if (kind === KIND_AWARENESS) return { from, documentId, message: { kind: "awareness", frame: payload } };
  throw new Error(`unknown relay kind ${kind}`);
}

/**
 * The collaboration relay over Redis pub/sub: committed updates and awareness frames go to
 * every other instance, which applies them without storing them again (the publishing instance
 * stored them before publishing) and never re-publishes them (no echo). While Redis is away
 * messages are dropped; `onResync` listeners reload their documents from the shared database
 * when it returns, so instances converge.
 */
export function createRedisCollabRelay(bus: RedisBus, log: Logger, me = instanceId()): CollabRelay & { onResync(listener: () => void): () => void } {
  const handlers = new Set<(documentId: string, message: RelayMessage) => void>();
  const claimKey = (documentId: string) => `${bus.namespace}:compactor:${documentId}`;
  void bus.subscribe(COLLAB_CHANNEL, (raw) => {
    let decoded: ReturnType<typeof decodeRelayFrame>;
    try {
      decoded = decodeRelayFrame(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    } catch (error) {
      log.warn({ err: (error as Error).message }, "collab relay: dropped a malformed frame");
      return;
    }
    if (decoded.from === me) return;
    for (const h of handlers) h(decoded.documentId, decoded.message);
  });
  return {
    publish(documentId, message) {
      const frame = encodeRelayFrame(me, documentId, message);
      bus.publish(COLLAB_CHANNEL, Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onResync(listener) {
      return bus.onReady(listener);
    },
    async releaseCompaction(documentId) {
      if (bus.status !== "ready") return;
      await bus.pub.eval(RELEASE_SCRIPT, 1, claimKey(documentId), me).catch(() => undefined);
    },
    async claimCompaction(documentId) {
      if (bus.status !== "ready") return true;
      try {
        const held = await bus.pub.eval(CLAIM_SCRIPT, 1, claimKey(documentId), me, String(COMPACTION_CLAIM_MS));
        return held === 1;
      } catch {
        return true;
      }
    },
    async close() {
      handlers.clear();
    },
  };
}
