import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { useBlocker } from "@remix-run/react";
import { Placeholder } from "@tiptap/extensions";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { userColor } from "../../../common/user-color";
import { contentExtensions } from "../../lib/editor-extensions";
import { keepPageForOffline } from "../../lib/offline.client";
import { AvatarStack, type AvatarPerson } from "./avatars";
import { DocumentFrame, StatusPill, type ConnectionState } from "./document-frame";
import { DocumentToolbar } from "./document-toolbar.client";
import { plural } from "./format";
import { statusOf } from "./status-text";
import { clockTime } from "./unsaved-changes";
import { useCollab, type CollabState, type CollabStatus, type LastEdit } from "./use-collab.client";

export interface DocumentEditorProps {
  documentId: string;
  user: { id: string; name: string };
  canEdit: boolean;
  /** Why this person cannot edit (observer, archived…), shown above the document. */
  readOnlyReason: string | null;
  /** The server-rendered content, shown until the live document has loaded. */
  initialHtml: string;
  initialOutline: { level: number; text: string }[];
  initialWords: number;
  aside?: ReactNode;
  /** Called when the server says this person's role changed (reload the page's data). */
  onRoleChanged: () => void;
  /** Called when someone (or this person) changes the text while the page is open. */
  onEdited?: (edit: LastEdit) => void;
}

/** Who is here, once per person (several tabs are one person), from the awareness states. */
function usePeople(collab: CollabState, selfId: string): AvatarPerson[] {
  const [people, setPeople] = useState<AvatarPerson[]>([]);
  useEffect(() => {
    const { awareness } = collab.provider;
    const read = () => {
      const seen = new Set<string>();
      const out: AvatarPerson[] = [];
      for (const [clientId, st] of awareness.getStates()) {
        const u = (st as { user?: { name?: unknown; color?: unknown; id?: unknown } }).user;
        if (!u || typeof u.name !== "string") continue;
        // Our own state is local (no server stamp): it is us by definition.
        const id = clientId === collab.ydoc.clientID ? selfId : typeof u.id === "string" ? u.id : null;
        const key = id ?? `${u.name}|${String(u.color)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // The server stamps each person's colour from their id; the same function is the fallback.
        const color = typeof u.color === "string" ? u.color : id ? userColor(id) : null;
        out.push({ key, name: u.name, color, self: id === selfId });
      }
      out.sort((a, b) => Number(Boolean(b.self)) - Number(Boolean(a.self)) || a.name.localeCompare(b.name));
      setPeople(out);
    };
    read();
    awareness.on("change", read);
    return () => awareness.off("change", read);
  }, [collab, selfId]);
  return people;
}

function useOutline(editor: Editor) {
  return useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const outline: { level: number; text: string; pos: number }[] = [];
      e.state.doc.forEach((node, pos) => {
        if (node.type.name === "heading" && node.textContent.trim()) outline.push({ level: Number(node.attrs.level), text: node.textContent.trim(), pos });
      });
      const text = e.state.doc.textBetween(0, e.state.doc.content.size, "\n", " ");
      return { outline, words: text.split(/\s+/).filter(Boolean).length };
    },
    equalityFn: (a, b) => a === b || (!!a && !!b && a.words === b.words && JSON.stringify(a.outline) === JSON.stringify(b.outline)),
  });
}

function LiveEditor(props: DocumentEditorProps & { collab: CollabState; status: CollabStatus }) {
  const { collab, status } = props;
  const editable = props.canEdit && !status.closed;
  const extensions = useMemo(
    () => [
      ...contentExtensions({ editable: props.canEdit }),
      Collaboration.configure({ document: collab.ydoc }),
      CollaborationCaret.configure({ provider: collab.provider, user: { name: props.user.name, color: userColor(props.user.id) } }),
      Placeholder.configure({ placeholder: props.canEdit ? "Start writing… Everyone in the coalition can write here with you." : "This document is empty so far." }),
    ],
    // The editor is built once per connection; role changes only toggle editability below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [collab],
  );
  const editor = useEditor(
    {
      extensions,
      editable,
      immediatelyRender: false,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          class: "prose-content document-content focus:outline-none",
          "aria-label": "Document text",
          "data-testid": "editor-content",
        },
      },
    },
    [extensions],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  const people = usePeople(collab, props.user.id);
  const info = statusOf(status, props.canEdit);

  if (!editor || !status.ready) {
    return <StaticView {...props} state={info} people={people} />;
  }
  return <Loaded {...props} editor={editor} info={info} people={people} editable={editable} />;
}

/** The avatars of who is here, with a short sentence (names are in each avatar's tooltip). */
function People({ people }: { people: AvatarPerson[] }) {
  const others = people.filter((p) => !p.self);
  if (!people.length) return null;
  const text = others.length === 0 ? "Only you are here" : others.length === 1 ? `${others[0].name} is here` : `${plural(others.length, "other")} here`;
  return (
    <div className="flex items-center gap-2" data-testid="people-here">
      <span className="hidden text-xs text-slate-500 sm:inline">{text}</span>
      <AvatarStack people={people} />
    </div>
  );
}

function Notices(props: { readOnlyReason: string | null; status: CollabStatus }) {
  return (
    <>
      {props.status.closed ? (
        <div role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="editor-closed">
          {props.status.closed.message} The text below is what you last saw; it is no longer updated.
          {props.status.closed.code === 4401 ? (
            <> <a href={`/login?redirectTo=${encodeURIComponent(window.location.pathname)}`}>Log in again</a>.</>
          ) : (
            <> <a href={window.location.pathname.replace(/\/documents\/.*$/, "/documents")}>Back to the documents</a>.</>
          )}
        </div>
      ) : null}
      {props.status.announcement && !props.status.closed ? (
        <div role="status" className="mb-3 rounded-md border border-brand-200 bg-brand-50 px-4 py-3 text-sm text-brand-900" data-testid="document-announcement">
          {props.status.announcement.text}
        </div>
      ) : null}
      {props.status.closed ? null : props.readOnlyReason ? (
        <div role="note" className="mb-3 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700" data-testid="read-only-note">
          {props.readOnlyReason}
        </div>
      ) : null}
    </>
  );
}

function Loaded(props: DocumentEditorProps & { editor: Editor; info: { state: ConnectionState; text: string }; people: AvatarPerson[]; editable: boolean; status: CollabStatus }) {
  const { editor } = props;
  const { outline, words } = useOutline(editor);
  return (
    <DocumentFrame
      status={<StatusPill state={props.info.state} text={props.info.text} />}
      people={<People people={props.people} />}
      notice={<Notices readOnlyReason={props.readOnlyReason} status={props.status} />}
      toolbar={props.editable ? <DocumentToolbar editor={editor} /> : null}
      outline={outline.map((h) => ({
        level: h.level,
        text: h.text,
        onSelect: () => {
          const dom = editor.view.nodeDOM(h.pos);
          if (dom instanceof HTMLElement) dom.scrollIntoView({ behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth", block: "start" });
          if (props.editable) editor.chain().setTextSelection(h.pos + 1).focus(undefined, { scrollIntoView: false }).run();
        },
      }))}
      words={words}
      aside={props.aside}
    >
      <EditorContent editor={editor} />
    </DocumentFrame>
  );
}

function StaticView(props: DocumentEditorProps & { state: { state: ConnectionState; text: string }; people: AvatarPerson[]; status: CollabStatus }) {
  return (
    <DocumentFrame
      status={<StatusPill state={props.state.state} text={props.state.text} />}
      people={<People people={props.people} />}
      notice={<Notices readOnlyReason={props.readOnlyReason} status={props.status} />}
      outline={props.initialOutline}
      words={props.initialWords}
      aside={props.aside}
    >
      <div className="prose-content document-content" dangerouslySetInnerHTML={{ __html: props.initialHtml }} />
    </DocumentFrame>
  );
}

/**
 * Leaving for another page of the app with unsent changes asks first (closing the tab is
 * covered by beforeunload in useCollab). The changes stay on this device either way.
 */
function useLeaveGuard(unsavedSince: number | null) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsavedSince !== null && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    const since = unsavedSince === null ? "" : ` since ${clockTime(unsavedSince)}`;
    const leave = window.confirm(
      `Your changes${since} have not reached the server yet. They are kept on this device and sent the next time you open this document. Leave now?`,
    );
    if (leave) blocker.proceed();
    else blocker.reset();
  }, [blocker, unsavedSince]);
}

/**
 * Once the document has loaded from the server, keeps this page and its assets in the service
 * worker so a reload without network opens it (its text then comes from IndexedDB). Only for
 * people who can edit: they are the ones whose edits are kept on the device.
 */
function useKeepForOffline(loaded: boolean): boolean {
  const [kept, setKept] = useState(false);
  useEffect(() => {
    if (!loaded || kept || !import.meta.env.PROD) return;
    let live = true;
    void keepPageForOffline().then((ok) => live && setKept(ok));
    return () => {
      live = false;
    };
  }, [loaded, kept]);
  return kept;
}

/** The live, collaborative editor of one document (browser only). */
export function DocumentEditor(props: DocumentEditorProps) {
  const { collab, status } = useCollab(props.documentId, { persist: props.canEdit, userId: props.user.id, onRoleChanged: props.onRoleChanged });
  useLeaveGuard(status.unsavedSince);
  const onEdited = useRef(props.onEdited);
  onEdited.current = props.onEdited;
  useEffect(() => {
    if (status.lastEdit) onEdited.current?.(status.lastEdit);
  }, [status.lastEdit]);
  const offlineReady = useKeepForOffline(props.canEdit && status.synced);
  return (
    // data-offline-ready: this page can be reopened without network (tests wait for it).
    <div data-testid="document-editor" data-offline-ready={offlineReady ? "yes" : "no"}>
      {collab ? <LiveEditor {...props} collab={collab} status={status} /> : <StaticView {...props} state={{ state: "connecting", text: "Connecting…" }} people={[]} status={status} />}
    </div>
  );
}
