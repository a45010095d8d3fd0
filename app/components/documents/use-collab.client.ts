import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CloseCode, closeReasonText } from "../../lib/collab-protocol";

/**
 * One document's live connection: a Y.Doc, the stock y-websocket provider on /collab/<id>, and
 * (for people who can edit) y-indexeddb so edits made offline survive a reload.
 *
 * "Saved" is not guessed: after local edits we send a sync step 1 (our state vector) and count
 * the edits acknowledged when the server's sync step 2 answer arrives — the server handles a
 * socket's messages in order and stores an update before it answers what follows it.
 */
export interface CollabState {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabStatus {
  connection: "connecting" | "connected" | "disconnected";
  synced: boolean;
  /** Local edits the server has not confirmed yet. */
  unsent: number;
  /** Loaded from this device (IndexedDB) or the server: safe to show the editor. */
  ready: boolean;
  /** A permanent close (access revoked, session ended, archived…): the message to show. */
  closed: { code: number; message: string } | null;
  /** The last temporary close's message (e.g. server restarting), while reconnecting. */
  lastClose: string | null;
}

const MESSAGE_SYNC = 0;

export function useCollab(documentId: string, options: { persist: boolean; userId: string; onRoleChanged: () => void }) {
  const [state, setState] = useState<CollabState | null>(null);
  const [status, setStatus] = useState<CollabStatus>({ connection: "connecting", synced: false, unsent: 0, ready: false, closed: null, lastClose: null });
  const onRoleChanged = useRef(options.onRoleChanged);
  onRoleChanged.current = options.onRoleChanged;

  useEffect(() => {
    const ydoc = new Y.Doc();
    // Per user and document: on a shared browser, one person's unsent edits are never sent as another's.
    const idb = options.persist ? new IndexeddbPersistence(`coalition-workspace:document:${options.userId}:${documentId}`, ydoc) : null;
    const wsOrigin = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}`;
    const provider = new WebsocketProvider(`${wsOrigin}/collab`, encodeURIComponent(documentId), ydoc, { disableBc: true });
    const update = (patch: Partial<CollabStatus>) => setStatus((s) => ({ ...s, ...patch }));

    let localSeq = 0; // local edits made so far
    let ackedSeq = 0; // of which the server confirmed
    let probes: number[] = []; // localSeq at each sync step 1 we sent, oldest first
    let probeTimer: ReturnType<typeof setTimeout> | undefined;
    const report = () => update({ unsent: localSeq - ackedSeq });

    const sendProbe = () => {
      probeTimer = undefined;
      const ws = provider.ws;
      if (!ws || !provider.wsconnected || !provider.synced || ws.readyState !== ws.OPEN || ackedSeq === localSeq) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, ydoc);
      probes.push(localSeq);
      ws.send(encoding.toUint8Array(encoder));
    };
    const scheduleProbe = (delay = 250) => {
      if (!probeTimer) probeTimer = setTimeout(sendProbe, delay);
    };

    // Count answers to our sync step 1s: each sync step 2 from the server acknowledges the oldest probe.
    const handleSync = provider.messageHandlers[MESSAGE_SYNC];
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      const syncType = decoding.readVarUint(peek);
      handleSync(encoder, decoder, p, emitSynced, messageType);
      if (syncType === syncProtocol.messageYjsSyncStep2 && probes.length) {
        ackedSeq = Math.max(ackedSeq, probes.shift()!);
        report();
        if (ackedSeq < localSeq) scheduleProbe();
      }
    };

    ydoc.on("update", (_u: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === idb) return;
      localSeq += 1;
      report();
      scheduleProbe();
    });
    provider.on("status", ({ status: s }) => {
      // The provider's own sync step 1 on (re)connect is answered too: queue a mark that acknowledges nothing new.
      if (s === "connected") probes = [ackedSeq];
      if (s === "disconnected") probes = [];
      update({ connection: s, ...(s === "connected" ? { lastClose: null } : {}) });
    });
    provider.on("sync", (synced: boolean) => {
      update({ synced, ...(synced ? { ready: true } : {}) });
      // Offline edits go out as our answer to the server's sync step 1; confirm them after.
      if (synced && localSeq > ackedSeq) scheduleProbe(100);
    });
    provider.on("connection-close", (event) => {
      if (!event) return;
      if (event.code === CloseCode.ROLE_CHANGED) onRoleChanged.current();
      update({ lastClose: closeReasonText(event.code) });
    });
    provider.on("closed", ({ code }) => {
      // Someone who lost access must not keep the document on this device.
      if (code === CloseCode.ACCESS_REVOKED || code === CloseCode.DOCUMENT_GONE) void idb?.clearData();
      update({ closed: { code, message: closeReasonText(code) }, connection: "disconnected" });
    });
    idb?.on("synced", () => {
      if (ydoc.getXmlFragment("default").length > 0) update({ ready: true });
    });
    // Offline from the start: after a moment show whatever this device has (possibly empty).
    const readyTimer = setTimeout(() => update({ ready: true }), 4000);

    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (localSeq > ackedSeq) {
        e.preventDefault();
        e.returnValue = "";
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    setState({ ydoc, provider });
    return () => {
      clearTimeout(readyTimer);
      if (probeTimer) clearTimeout(probeTimer);
      window.removeEventListener("beforeunload", beforeUnload);
      provider.destroy();
      void idb?.destroy();
      ydoc.destroy();
      setState(null);
    };
  }, [documentId, options.persist, options.userId]);

  return { collab: state, status };
}
