// One benchmark client speaking either framing over a raw `ws` socket, so every server is driven
// by identical client code:
//   "yws"        y-websocket framing: [type][...]            (ours, y-websocket, @y/websocket-server)
//   "hocuspocus" Hocuspocus framing:  [varString doc][type][...], Auth frame first
//   "relay"      the bare broadcast relay: raw y-websocket frames, nobody answers sync
// Each client holds a tiny Y.Doc of its own edits only (applying 100k remote updates/s would make
// the generator the bottleneck). Every edit inserts a tag "~T<client>.<seq>~" into Y.Text "t"; a
// receiver finds tags by scanning the raw bytes of each frame, so latency is measured per
// (update, receiver) even when a server merges many updates into one frame.
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";

const MSG_SYNC = 0;
const MSG_AUTH = 2;
const MSG_SYNC_REPLY = 4; // Hocuspocus: a sync message that must not trigger another step 1
const TAG_RE = /~T(\d+)\.(\d+)~/g;

export const now = () => performance.now();

export class BenchClient {
  /**
   * @param {object} o
   * @param {string} o.url websocket URL
   * @param {"yws"|"hocuspocus"|"relay"} o.framing
   * @param {string} o.docName document name (Hocuspocus address)
   * @param {number} o.id client index (used in tags)
   * @param {Record<string,string>} [o.headers] Cookie/Origin for our server
   * @param {(sender:number, seq:number, receiver:number, at:number)=>void} [o.onTag]
   * @param {boolean} [o.apply] apply received sync/updates into the local doc (readers only)
   * @param {string} [o.sentinel] record when this string first appears in a received frame
   * @param {number} [o.probeClients] send a "saved?" probe (a sync step 1) after every edit, as the
   *   app's editor does, and time its sync step 2 answer (`onSaved`). The state vector claims every
   *   other bench client's edits (their Yjs client ids are 1000 + id, id < probeClients), so the
   *   answer carries only what the server lacks of this client: the probe costs the server a state
   *   vector diff, not the whole document.
   * @param {(seq:number, sentAt:number, latency:number)=>void} [o.onSaved]
   */
  constructor(o) {
    this.o = o;
    this.id = o.id;
    this.doc = new Y.Doc();
    this.doc.clientID = 1000 + o.id; // known to every bench client (see probeClients)
    this.text = this.doc.getText("t");
    /** Probes sent and not answered yet, oldest first: [seq, sentAt]. */
    this.probes = [];
    this.seq = 0;
    this.framesIn = 0;
    this.bytesIn = 0;
    this.closed = false;
    this.closeCode = null;
    this.firstSync = null; // { at, bytes, hasSentinel }
    this.sentinelAt = null;
    this.pending = null;
    this.doc.on("update", (update, origin) => {
      if (origin === "remote") return;
      this.sendSync((enc) => syncProtocol.writeUpdate(enc, update));
    });
  }

  /** Opens the socket; resolves when synced (first sync step 2; open for the relay). */
  connect(timeoutMs = 30000) {
    const { url, headers, framing } = this.o;
    this.startedAt = now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client ${this.id}: no sync within ${timeoutMs} ms`)), timeoutMs);
      this.onSynced = () => {
        clearTimeout(timer);
        resolve(this);
      };
      const ws = new WebSocket(url, { headers, perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
      this.ws = ws;
      ws.binaryType = "nodebuffer";
      ws.on("open", () => {
        if (framing === "hocuspocus") {
          const enc = encoding.createEncoder();
          encoding.writeVarString(enc, this.o.docName);
          encoding.writeVarUint(enc, MSG_AUTH);
          encoding.writeVarUint(enc, 0); // AuthMessageType.Token
          encoding.writeVarString(enc, "bench");
          ws.send(encoding.toUint8Array(enc));
        }
        if (framing === "relay") {
          this.firstSync = { at: now(), bytes: 0 };
          this.onSynced();
          return;
        }
        this.sendSync((enc) => syncProtocol.writeSyncStep1(enc, this.doc));
      });
      ws.on("message", (data) => this.onMessage(data));
      ws.on("unexpected-response", (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`client ${this.id}: upgrade refused with HTTP ${res.statusCode}`));
      });
      ws.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on("close", (code) => {
        this.closed = true;
        this.closeCode = code;
        clearTimeout(timer);
        reject(new Error(`client ${this.id}: closed with ${code} before sync`));
      });
    });
  }

  sendSync(write) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    const enc = encoding.createEncoder();
    if (this.o.framing === "hocuspocus") encoding.writeVarString(enc, this.o.docName);
    encoding.writeVarUint(enc, MSG_SYNC);
    write(enc);
    this.ws.send(encoding.toUint8Array(enc));
    return true;
  }

  /** Inserts one tagged edit; returns its seq, or -1 if the socket is not open. */
  edit() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return -1;
    const seq = ++this.seq;
    this.text.insert(this.text.length, `~T${this.id}.${seq}~`);
    if (this.o.probeClients && this.firstSync) {
      const mine = this.doc.clientID;
      const clock = Y.getState(this.doc.store, mine);
      this.sendSync((enc) => {
        encoding.writeVarUint(enc, syncProtocol.messageYjsSyncStep1);
        const sv = encoding.createEncoder();
        encoding.writeVarUint(sv, this.o.probeClients);
        for (let i = 0; i < this.o.probeClients; i++) {
          encoding.writeVarUint(sv, 1000 + i);
          encoding.writeVarUint(sv, 1000 + i === mine ? clock : 2 ** 30);
        }
        encoding.writeVarUint8Array(enc, encoding.toUint8Array(sv));
      });
      this.probes.push([seq, now()]);
    }
    return seq;
  }

  onMessage(buf) {
    const at = now();
    this.framesIn++;
    this.bytesIn += buf.length;
    const { onTag, sentinel } = this.o;
    if (sentinel && this.sentinelAt === null && buf.indexOf(sentinel, 0, "latin1") !== -1) this.sentinelAt = at;
    if (onTag) {
      const s = buf.toString("latin1");
      if (s.includes("~T")) {
        TAG_RE.lastIndex = 0;
        let m;
        while ((m = TAG_RE.exec(s))) {
          const sender = Number(m[1]);
          if (sender !== this.id) onTag(sender, Number(m[2]), this.id, at);
        }
      }
    }
    if (this.o.framing === "relay") return;
    let dec;
    try {
      dec = decoding.createDecoder(buf);
      if (this.o.framing === "hocuspocus") decoding.readVarString(dec);
      const type = decoding.readVarUint(dec);
      if (type !== MSG_SYNC && type !== MSG_SYNC_REPLY) return;
      const sub = decoding.readVarUint(dec);
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const sv = decoding.readVarUint8Array(dec);
        if (type === MSG_SYNC) this.sendSync((enc) => {
          encoding.writeVarUint(enc, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(this.doc, sv));
        });
      } else if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(dec);
        if (sub === syncProtocol.messageYjsSyncStep2 && !this.firstSync) {
          this.firstSync = { at, bytes: update.length, hasSentinel: sentinel ? this.sentinelAt !== null : undefined };
          this.onSynced?.();
        } else if (sub === syncProtocol.messageYjsSyncStep2 && this.probes.length) {
          const [seq, sentAt] = this.probes.shift();
          this.o.onSaved?.(seq, sentAt, at - sentAt);
        }
        if (this.o.apply) Y.applyUpdate(this.doc, update, "remote");
      }
    } catch {
      // Not ours to judge; the servers' robustness is tested elsewhere.
    }
  }

  /** Closes and waits for the close handshake (or 2 s). */
  close() {
    return new Promise((resolve) => {
      if (!this.ws || this.ws.readyState === WebSocket.CLOSED) return resolve();
      const t = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000);
      this.ws.once("close", () => {
        clearTimeout(t);
        resolve();
      });
      this.ws.close();
    });
  }

  terminate() {
    this.ws?.terminate();
  }
}
