import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { useBlocker } from "@remix-run/react";
import { Placeholder } from "@tiptap/extensions";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { userColor } from "../../../common/user-color";
import { contentExtensions } from "../../lib/editor-extensions";
import { AuthorColours } from "../authorship/author-colours";
import { AuthorshipPanel } from "../authorship/authorship-panel.client";
import { SuggestionModeSwitch } from "../suggestions/suggestion-mode.client";
import { SuggestionsPanel } from "../suggestions/suggestions-panel.client";
import { Suggestions } from "../../lib/suggestions/extension";
import { t } from "../../lib/i18n/messages";
import { FormattedMessage, useT } from "../../lib/i18n/react";
import { keepPageForOffline } from "../../lib/offline.client";
import { AvatarStack, type AvatarPerson } from "./avatars";
import type { DocumentAnnouncement } from "./document-events";
import { DocumentFrame, StatusPill, type ConnectionState } from "./document-frame";
import { DocumentToolbar } from "./document-toolbar.client";
import { announcedKind, joinedText, leftText, peopleHereText, statusOf } from "./status-text";
import { clockTime } from "./unsaved-changes";
import { useCollab, type CollabState, type CollabStatus, type LastEdit } from "./use-collab.client";

/**
 * The comments beside the text (issue 23): a chunk of its own, fetched beside the live document.
 * The editor waits for it (showing the page's text meanwhile), so the editable text is placed once
 * and never moved into the panel under someone already typing; if it cannot load, no comments.
 */
type CommentsPanelComponent = (typeof import("./comments-panel.client"))["default"];
let commentsPanel: Promise<CommentsPanelComponent | null> | null = null;
function useCommentsPanel(wanted: boolean): { loading: boolean; Panel: CommentsPanelComponent | null } {
  const [state, setState] = useState<{ loading: boolean; Panel: CommentsPanelComponent | null }>({ loading: wanted, Panel: null });
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    commentsPanel ??= import("./comments-panel.client").then(
      (m) => m.default,
      () => {
        commentsPanel = null; // offline or a chunk gone after a deploy: try again on the next page
        return null;
      },
    );
    void commentsPanel.then((Panel) => live && setState({ loading: false, Panel }));
    return () => {
      live = false;
    };
  }, [wanted]);
  return wanted ? state : { loading: false, Panel: null };
}

export interface DocumentEditorProps {
  /** The draft's comments: where to read and post them, and whether this person may comment. */
  comments?: { url: string; canComment: boolean };
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
  /** Where decisions on suggestions are recorded (none: no suggestions panel). */
  suggestionsUrl?: string;
  /** Where the draft's authors are read for "colour by author" (none: no authorship panel). */
  authorsUrl?: string;
  /** Called when the server says this person's role changed (reload the page's data). */
  onRoleChanged: () => void;
  /** Called when someone (or this person) changes the text while the page is open. */
  onEdited?: (edit: LastEdit) => void;
}

/** Who is here, once per person (several tabs are one person), from the awareness states. */
function usePeople(collab: CollabState | null, selfId: string): AvatarPerson[] {
  const [people, setPeople] = useState<AvatarPerson[]>([]);
  useEffect(() => {
    if (!collab) {
      setPeople([]);
      return;
    }
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

/** A remote caret: its name label is for the eyes only (screen readers hear who is here from the live region). */
function caretOf(user: { name: string; color: string }): HTMLElement {
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = user.color;
  caret.setAttribute("aria-hidden", "true");
  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = user.color;
  label.setAttribute("dir", "auto");
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

const KEYS_HINT_ID = "editor-keys-hint";

function LiveEditor(props: DocumentEditorProps & { collab: CollabState; status: CollabStatus; people: AvatarPerson[] }) {
  const { collab, status, people } = props;
  const editable = props.canEdit && !status.closed;
  const extensions = useMemo(
    () => [
      ...contentExtensions({ editable: props.canEdit }),
      Collaboration.configure({ document: collab.ydoc }),
      AuthorColours.configure({ fragment: collab.ydoc.getXmlFragment("default") }),
      Suggestions.configure({ author: props.user }),
      CollaborationCaret.configure({ provider: collab.provider, user: { name: props.user.name, color: userColor(props.user.id) }, render: caretOf }),
      // A function, so the placeholder follows the page's language when the reader switches.
      Placeholder.configure({ placeholder: () => (props.canEdit ? t("editor.placeholder.edit") : t("editor.placeholder.read")) }),
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
        // Read at each update, so the name follows the page's language. dir="auto": the text
        // runs in the direction of its own letters (document.css makes each paragraph decide for
        // itself, so Arabic and English paragraphs mix); an empty document follows the page, so
        // its caret and placeholder start on the reader's side.
        attributes: (state) => ({
          class: "prose-content document-content",
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": t("editor.content.label"),
          "aria-describedby": KEYS_HINT_ID,
          dir: state.doc.textContent.trim() ? "auto" : document.documentElement.dir || "ltr",
          "data-testid": "editor-content",
        }),
      },
    },
    [extensions],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  const info = statusOf(status, props.canEdit);

  const comments = useCommentsPanel(Boolean(props.comments));
  if (!editor || !status.ready || comments.loading) {
    return <StaticView {...props} state={info} people={people} />;
  }
  return <Loaded {...props} editor={editor} info={info} people={people} editable={editable} CommentsPanel={comments.Panel} />;
}

/** The avatars of who is here, with a short sentence (names are in each avatar's tooltip). */
function People({ people }: { people: AvatarPerson[] }) {
  useT(); // re-rendered in the reader's new language
  const others = people.filter((p) => !p.self);
  if (!people.length) return null;
  const text = peopleHereText(others.map((p) => p.name));
  return (
    <div className="flex items-center gap-2" data-testid="people-here">
      <span className="hidden text-xs text-slate-500 sm:inline">{text}</span>
      <AvatarStack people={people} />
    </div>
  );
}

function Notices(props: { readOnlyReason: string | null; status: CollabStatus }) {
  const t = useT();
  return (
    <>
      {props.status.closed ? (
        <div role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="editor-closed">
          {props.status.closed.message} {t("editor.closed.stale")}{" "}
          {props.status.closed.code === 4401 ? (
            <FormattedMessage id="editor.closed.logIn" values={{ link: (c: ReactNode[]) => <a href={`/login?redirectTo=${encodeURIComponent(window.location.pathname)}`}>{c}</a> }} />
          ) : (
            <FormattedMessage id="editor.closed.back" values={{ link: (c: ReactNode[]) => <a href={window.location.pathname.replace(/\/documents\/.*$/, "/documents")}>{c}</a> }} />
          )}
        </div>
      ) : null}
      {props.status.announcement && !props.status.closed ? (
        // Shown here, said once by the page's live region (not a second one).
        <div className="mb-3 rounded-md border border-brand-200 bg-brand-50 px-4 py-3 text-sm text-brand-900" data-testid="document-announcement">
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

function Loaded(props: DocumentEditorProps & { editor: Editor; info: { state: ConnectionState; text: string }; people: AvatarPerson[]; editable: boolean; status: CollabStatus; CommentsPanel: CommentsPanelComponent | null }) {
  const { editor, CommentsPanel } = props;
  const { outline, words } = useOutline(editor);
  return (
    <DocumentFrame
      status={<StatusPill state={props.info.state} text={props.info.text} />}
      people={<People people={props.people} />}
      notice={<Notices readOnlyReason={props.readOnlyReason} status={props.status} />}
      toolbar={
        props.editable ? (
          <>
            {props.suggestionsUrl ? <SuggestionModeSwitch editor={editor} /> : null}
            <DocumentToolbar editor={editor} />
          </>
        ) : null
      }
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
      aside={
        <>
          {props.aside}
          {props.suggestionsUrl ? <SuggestionsPanel editor={editor} url={props.suggestionsUrl} canDecide={props.editable} /> : null}
          {props.authorsUrl ? <AuthorshipPanel editor={editor} authorsUrl={props.authorsUrl} /> : null}
        </>
      }
    >
      {props.comments && CommentsPanel ? (
        <CommentsPanel editor={editor} url={props.comments.url} canComment={props.comments.canComment}>
          <EditorContent editor={editor} />
        </CommentsPanel>
      ) : (
        <EditorContent editor={editor} />
      )}
      {props.editable || (props.comments && CommentsPanel) ? (
        <p id={KEYS_HINT_ID} className="sr-only">
          {props.editable ? t("editor.content.keysHint") : null} {props.comments && CommentsPanel ? t("comments.keys.help") : null}
        </p>
      ) : (
        <span id={KEYS_HINT_ID} hidden />
      )}
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
      <div className="prose-content document-content" dir="auto" dangerouslySetInnerHTML={{ __html: props.initialHtml }} />
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
    const leave = window.confirm(unsavedSince === null ? t("editor.leave.confirm") : t("editor.leave.confirmSince", { since: clockTime(unsavedSince) }));
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

/** How long the page waits for things to settle before it speaks (so typing never makes it talk). */
const QUIET_MS = 1200;
/** Who is already here when the document opens is shown, not announced as arriving. */
const SETTLE_MS = 3000;

/**
 * What the page's one live region says: someone joining or leaving, the connection changing kind
 * (offline, back online, read only), and document events (a restore). Changes are gathered and
 * said once things have been quiet for a moment; "Saving…" and "saved" after each keystroke are
 * one kind and are never said, nor are caret moves.
 */
function useAnnouncements(people: AvatarPerson[], state: { state: ConnectionState; text: string }, announcement: DocumentAnnouncement | null, ready: boolean): { message: string; listening: boolean } {
  const [message, setMessage] = useState("");
  const [listening, setListening] = useState(false);
  const pending = useRef({ joined: new Map<string, string>(), left: new Map<string, string>(), kind: null as string | null, text: null as string | null, events: [] as string[] });
  const known = useRef<Map<string, string> | null>(null);
  const readyAt = useRef<number | null>(null);
  const said = useRef<string | null | undefined>(undefined); // the kind last said (undefined: none yet)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = () => {
    const p = pending.current;
    const parts: string[] = [];
    if (p.joined.size) parts.push(joinedText([...p.joined.values()]));
    if (p.left.size) parts.push(leftText([...p.left.values()]));
    if (p.kind !== null && p.kind !== said.current) {
      said.current = p.kind;
      if (p.text) parts.push(p.text);
    }
    parts.push(...p.events);
    pending.current = { joined: new Map(), left: new Map(), kind: null, text: null, events: [] };
    if (!parts.length) return;
    const text = parts.join(" ");
    // The same words twice in a row are still a new announcement.
    setMessage((prev) => (prev === text ? `${text}\u00a0` : text));
  };
  const schedule = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, QUIET_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  // People: compared by who, not by the awareness object (which changes with every caret move).
  const others = people.filter((p) => !p.self);
  const whoKey = others.map((p) => p.key).join("\n");
  useEffect(() => {
    const now = new Map(others.map((p) => [p.key, p.name]));
    if (!ready) return;
    if (readyAt.current === null) {
      readyAt.current = Date.now();
      setTimeout(() => setListening(true), SETTLE_MS);
    }
    if (known.current === null || Date.now() - readyAt.current < SETTLE_MS) {
      known.current = now;
      return;
    }
    const p = pending.current;
    let changed = false;
    for (const [key, name] of now) {
      if (known.current.has(key)) continue;
      if (p.left.has(key)) p.left.delete(key);
      else p.joined.set(key, name);
      changed = true;
    }
    for (const [key, name] of known.current) {
      if (now.has(key)) continue;
      if (p.joined.has(key)) p.joined.delete(key);
      else p.left.set(key, name);
      changed = true;
    }
    known.current = now;
    if (changed) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [whoKey, ready]);

  // The connection: only a change of kind, and only once it has lasted a moment.
  const kind = announcedKind(state.state);
  useEffect(() => {
    if (kind === null) return;
    if (said.current === undefined) {
      // Opening the page online says nothing; opening it offline says so.
      said.current = kind === "offline" ? null : kind;
      if (kind !== "offline") return;
    }
    pending.current.kind = kind;
    pending.current.text = kind === "online" ? t("editor.announce.online") : kind === "closed" ? null : state.text;
    schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind]);

  useEffect(() => {
    if (!announcement) return;
    pending.current.events.push(announcement.text);
    schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [announcement]);

  return { message, listening };
}

/**
 * The page's one polite live region (visually hidden). data-listening: arrivals are now announced
 * (tests wait for it). In a wrapper of its own, so print.css's rule for live regions' parents hides
 * only it.
 */
function LiveAnnouncer({ message, listening }: { message: string; listening: boolean }) {
  return (
    <div>
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="editor-announcer" data-listening={listening ? "yes" : "no"}>
        {message}
      </div>
    </div>
  );
}

/** The live, collaborative editor of one document (browser only). */
export function DocumentEditor(props: DocumentEditorProps) {
  const t = useT();
  const { collab, status } = useCollab(props.documentId, { persist: props.canEdit, userId: props.user.id, onRoleChanged: props.onRoleChanged });
  const people = usePeople(collab, props.user.id);
  const { message, listening } = useAnnouncements(people, statusOf(status, props.canEdit), status.announcement,
    // Presence is only known while connected (a lost connection drops everyone else's state).
    status.ready && status.synced && status.connection === "connected" && !status.browserOffline,
  );
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
      <LiveAnnouncer message={message} listening={listening} />
      {collab ? <LiveEditor {...props} collab={collab} status={status} people={people} /> : <StaticView {...props} state={{ state: "connecting", text: t("editor.status.connecting") }} people={[]} status={status} />}
    </div>
  );
}
