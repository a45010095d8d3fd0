import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CloseCode, closeReasonText } from "../../lib/collab-protocol";
import { t } from "../../lib/i18n/messages";
import { forgetOfflinePages } from "../../lib/offline.client";
import { MESSAGE_DOCUMENT_EVENT, readDocumentEvent, type DocumentAnnouncement } from "./document-events";
import { authorOfUpdate, personOf, type EditorPerson } from "./edit-attribution";
import { UnsavedChanges } from "./unsaved-changes";

/**
 * One document's live connection: a Y.Doc, the stock y-websocket provider on /collab/<id>, and
 * (for people who can edit) y-indexeddb so edits made offline survive a reload.
 *
 * "Saved" is not guessed: we send a sync step 1 (our state vector) and count the edits
 * acknowledged when the server's sync step 2 answer arrives — the server handles a socket's
 * messages in order and stores an update before it answers what follows it. The same message is
 * the heartbeat: sent after 2 s without any message, so a server silent for 5 s means the connection
 * is gone (shown as offline, then reconnected), long before TCP would notice.
 */
export interface CollabState {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

export interface LastEdit {
  person: EditorPerson;
  self: boolean;
  at: number;
}

export interface CollabStatus {
  connection: "connecting" | "connected" | "disconnected";
  synced: boolean;
  /** The browser says it has no network (`navigator.onLine`). */
  browserOffline: boolean;
  /** Local edits the server has not confirmed yet. */
  unsent: number;
  /** When the oldest of them was made (ms since the epoch). */
  unsavedSince: number | null;
  /** Loaded from this device (IndexedDB) or the server: safe to show the editor. */
  ready: boolean;
  /** A permanent close (access revoked, session ended, archived…): the message to show. */
  closed: { code: number; message: string } | null;
  /** The last temporary close's message (e.g. server restarting), while reconnecting. */
  lastClose: string | null;
  /** Who changed the text last while this page was open. */
  lastEdit: LastEdit | null;
  /** The last document event announced to this page (e.g. a restore by someone). */
  announcement: DocumentAnnouncement | null;
}

const MESSAGE_SYNC = 0;
const HEARTBEAT_MS = 2000;
const SILENCE_MS = 5000;

const unsavedKey = (name: string) => `${name}:unsaved-since`;
function readStoredSince(name: string): number | null {
  try {
    const v = Number(window.localStorage.getItem(unsavedKey(name)));
    return v > 0 ? v : null;
  } catch {
    return null;
  }
}
function storeSince(name: string, since: number | null) {
  try {
    if (since === null) window.localStorage.removeItem(unsavedKey(name));
    else window.localStorage.setItem(unsavedKey(name), String(since));
  } catch {
    // Storage full or disabled: the edits themselves are in IndexedDB all the same.
  }
}

export function useCollab(documentId: string, options: { persist: boolean; userId: string; onRoleChanged: () => void }) {
  const [state, setState] = useState<CollabState | null>(null);
  const [status, setStatus] = useState<CollabStatus>(() => ({
    connection: "connecting",
    synced: false,
    browserOffline: typeof navigator !== "undefined" && navigator.onLine === false,
    unsent: 0,
    unsavedSince: null,
    ready: false,
    closed: null,
    lastClose: null,
    lastEdit: null,
    announcement: null,
  }));
  const onRoleChanged = useRef(options.onRoleChanged);
  onRoleChanged.current = options.onRoleChanged;

  useEffect(() => {
    const ydoc = new Y.Doc();
    // Per user and document: on a shared browser, one person's unsent edits are never sent as another's.
    const storeName = `coalition-workspace:document:${options.userId}:${documentId}`;
    const idb = options.persist ? new IndexeddbPersistence(storeName, ydoc) : null;
    const wsOrigin = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}`;
    const provider = new WebsocketProvider(`${wsOrigin}/collab`, encodeURIComponent(documentId), ydoc, { disableBc: true });
    const update = (patch: Partial<CollabStatus>) => setStatus((s) => ({ ...s, ...patch }));

    const unsaved = new UnsavedChanges(options.persist ? readStoredSince(storeName) : null);
    let storedSince = unsaved.since;
    let probes: number[] = []; // unsaved.head at each sync step 1 we sent, oldest first
    let probeTimer: ReturnType<typeof setTimeout> | undefined;
    let lastSent = 0;
    const report = () => {
      const since = unsaved.since;
      if (options.persist && since !== storedSince) storeSince(storeName, (storedSince = since));
      update({ unsent: unsaved.pending, unsavedSince: since });
    };
    report();

    const open = () => {
      const ws = provider.ws;
      return ws && provider.wsconnected && ws.readyState === ws.OPEN ? ws : null;
    };
    const sendProbe = () => {
      probeTimer = undefined;
      const ws = open();
      // Before the first sync our offline edits may not have gone out yet: an answer then proves nothing.
      if (!ws || !provider.synced) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, ydoc);
      probes.push(unsaved.head);
      lastSent = Date.now();
      ws.send(encoding.toUint8Array(encoder));
    };
    const scheduleProbe = (delay = 250) => {
      if (!probeTimer) probeTimer = setTimeout(sendProbe, delay);
    };
    const reconnect = () => {
      provider.disconnect();
      provider.connect();
    };

    // The heartbeat: a sync step 1 after 2 s without traffic (the server answers each); silence for 5 s → reconnect.
    const beat = setInterval(() => {
      if (!open()) return;
      if (Date.now() - provider.wsLastMessageReceived > SILENCE_MS) {
        update({ lastClose: t("editor.close.silent") });
        reconnect();
        return;
      }
      // Only when the line is quiet: anything the server sends already proves it is there (and
      // each answer carries the document's delete set, which is not free on a long-edited text).
      if (Date.now() - Math.max(lastSent, provider.wsLastMessageReceived) >= HEARTBEAT_MS) sendProbe();
    }, 1000);

    const goneOffline = () => {
      update({ browserOffline: true });
      // The browser knows the network is gone: do not wait for the heartbeat to find out.
      if (provider.ws) reconnect();
    };
    const backOnline = () => {
      update({ browserOffline: false });
      if (!provider.wsconnected) reconnect();
    };
    window.addEventListener("offline", goneOffline);
    window.addEventListener("online", backOnline);

    // Count answers to our sync step 1s: each sync step 2 from the server acknowledges the oldest probe.
    const handleSync = provider.messageHandlers[MESSAGE_SYNC];
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      const syncType = decoding.readVarUint(peek);
      handleSync(encoder, decoder, p, emitSynced, messageType);
      if (syncType === syncProtocol.messageYjsSyncStep2 && probes.length) {
        unsaved.ack(probes.shift()!);
        report();
        if (unsaved.pending > 0) scheduleProbe();
      }
    };

    // Document events (a restore): said on the page, not applied (the edit itself comes as an update).

    // Who moved their caret last: a remote deletion carries no author, but its writer's caret moves with it.
    let lastCaret: { client: number; at: number } | null = null;
    const awarenessChange = ({ updated }: { updated: number[] }) => {
      const other = updated.find((c) => c !== ydoc.clientID);
      if (other !== undefined) lastCaret = { client: other, at: Date.now() };
    };
    provider.awareness.on("change", awarenessChange);
    let lastEdit: LastEdit | null = null;
    const edited = (person: EditorPerson, self: boolean) => {
      const at = Date.now();
      // At most one re-render every few seconds while the same person types.
      if (lastEdit && lastEdit.self === self && lastEdit.person.name === person.name && at - lastEdit.at < 5000) return;
      lastEdit = { person, self, at };
      update({ lastEdit });
    };
    // Document events (a restore): said on the page, not applied (the edit itself came as an update,
    // and the editor's own re-normalising of it must not make it "by you").
    provider.messageHandlers[MESSAGE_DOCUMENT_EVENT] = (_encoder, decoder) => {
      const announcement = readDocumentEvent(decoder, options.userId, Date.now());
      if (!announcement) return;
      if (announcement.by) lastEdit = { person: { id: announcement.by.id, name: announcement.by.name, color: null }, self: announcement.by.self, at: announcement.at };
      update({ announcement, ...(announcement.by ? { lastEdit } : {}) });
    };
    const selfPerson = (): EditorPerson => personOf(provider.awareness.getLocalState()) ?? { id: options.userId, name: t("editor.lastEdited.you"), color: null };

    ydoc.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin === idb) return;
      if (origin === provider) {
        // The first sync brings the whole history: not "just now".
        if (!provider.synced) return;
        const states = provider.awareness.getStates();
        let author = authorOfUpdate(u, states, ydoc.clientID);
        if (!author && lastCaret && Date.now() - lastCaret.at < 2000) author = personOf(states.get(lastCaret.client));
        if (author) edited(author, false);
        return;
      }
      unsaved.edit(Date.now());
      report();
      edited(selfPerson(), true);
      scheduleProbe();
    });
    provider.on("status", ({ status: s }) => {
      // The provider's own sync step 1 on (re)connect is answered too: queue a mark that acknowledges nothing new.
      if (s === "connected") probes = [0];
      if (s === "disconnected") probes = [];
      update({ connection: s, ...(s === "connected" ? { lastClose: null } : {}) });
    });
    provider.on("sync", (synced: boolean) => {
      update({ synced, ...(synced ? { ready: true } : {}) });
      // Offline edits go out as our answer to the server's sync step 1; confirm them after.
      if (synced && unsaved.pending > 0) scheduleProbe(100);
    });
    provider.on("connection-close", (event) => {
      if (!event) return;
      if (event.code === CloseCode.ROLE_CHANGED) onRoleChanged.current();
      update({ lastClose: closeReasonText(event.code) });
    });
    provider.on("closed", ({ code }) => {
      // Someone who lost access must not keep the document on this device.
      if (code === CloseCode.ACCESS_REVOKED || code === CloseCode.DOCUMENT_GONE) {
        void idb?.clearData();
        storeSince(storeName, null);
        void forgetOfflinePages();
      }
      update({ closed: { code, message: closeReasonText(code) }, connection: "disconnected" });
    });
    idb?.on("synced", () => {
      if (ydoc.getXmlFragment("default").length > 0) update({ ready: true });
    });
    // Offline from the start: after a moment show whatever this device has (possibly empty).
    const readyTimer = setTimeout(() => update({ ready: true }), 4000);

    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (unsaved.pending > 0) {
        e.preventDefault();
        e.returnValue = "";
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    setState({ ydoc, provider });
    return () => {
      clearTimeout(readyTimer);
      clearInterval(beat);
      if (probeTimer) clearTimeout(probeTimer);
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("offline", goneOffline);
      window.removeEventListener("online", backOnline);
      provider.awareness.off("change", awarenessChange);
      provider.destroy();
      void idb?.destroy();
      ydoc.destroy();
      setState(null);
    };
  }, [documentId, options.persist, options.userId]);

  return { collab: state, status };
}
