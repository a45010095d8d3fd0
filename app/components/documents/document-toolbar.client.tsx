import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { Fragment, isValidElement, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { MessageId } from "../../lib/i18n/messages";
import { useT } from "../../lib/i18n/react";

/**
 * Formatting controls for the live editor (hidden for people who cannot edit).
 *
 * Keyboard (WAI-ARIA toolbar pattern): the toolbar is one Tab stop; the arrow keys move between
 * its buttons (in reading order, so Left and Right swap in a right-to-left page), Home and End
 * go to the first and last; Escape returns to the text, and Alt+F10 in the text comes back here.
 * Every button has a name from the catalogue; toggles say whether they are on (aria-pressed).
 * A button that cannot act now stays focusable (aria-disabled), so the Tab stop never vanishes.
 */

/** The button's name: its label, with the short text it shows when the label does not contain it (WCAG 2.5.3, label in name). */
function nameOf(label: string, shown: ReactNode): string {
  const text = textOf(shown).trim();
  // Symbols (↶, ¶) are not words a person would say; letters and digits (H1, B) are.
  return /[\p{L}\p{N}]/u.test(text) && !label.toLowerCase().includes(text.toLowerCase()) ? `${label}, ${text}` : label;
}

/** The text a face shows (a string, or the strings inside its elements). */
function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return "";
}

interface ToolProps {
  id: string;
  label: string;
  active?: boolean;
  disabled?: boolean;
  expanded?: boolean;
  controls?: string;
  shortcut?: string;
  onClick: () => void;
  children: ReactNode;
  focusId: string;
  onFocusItem: (id: string) => void;
}

function ToolButton(props: ToolProps) {
  return (
    <button
      type="button"
      title={props.label}
      aria-label={nameOf(props.label, props.children)}
      aria-pressed={props.active === undefined ? undefined : props.active}
      aria-disabled={props.disabled ? true : undefined}
      aria-expanded={props.expanded}
      aria-controls={props.controls}
      aria-keyshortcuts={props.shortcut}
      tabIndex={props.focusId === props.id ? 0 : -1}
      data-toolbar-item={props.id}
      onFocus={() => props.onFocusItem(props.id)}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        if (!props.disabled) props.onClick();
      }}
      className={`inline-flex h-8 min-w-8 items-center justify-center rounded px-2 text-sm font-medium transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 aria-disabled:cursor-default aria-disabled:opacity-40 ${
        props.active ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"
      }`}
    >
      {props.children}
    </button>
  );
}

const LINK_EXAMPLE = "https://www.intgovforum.org/";

const Divider = () => <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden="true" />;

/** Moves the roving focus among the toolbar's buttons. */
function nextItem(items: HTMLElement[], current: number, key: string, rtl: boolean): number | null {
  const forward = rtl ? "ArrowLeft" : "ArrowRight";
  const back = rtl ? "ArrowRight" : "ArrowLeft";
  if (key === forward) return (current + 1) % items.length;
  if (key === back) return (current - 1 + items.length) % items.length;
  if (key === "Home") return 0;
  if (key === "End") return items.length - 1;
  return null;
}

export function DocumentToolbar({ editor }: { editor: Editor }) {
  const t = useT();
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      strike: e.isActive("strike"),
      h1: e.isActive("heading", { level: 1 }),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
      quote: e.isActive("blockquote"),
      link: e.isActive("link"),
      href: (e.getAttributes("link").href as string | undefined) ?? "",
      table: e.isActive("table"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState("");
  const [focusId, setFocusId] = useState("undo");
  const row = useRef<HTMLDivElement>(null);
  const linkFormId = useId();
  const chain = () => editor.chain().focus();

  const items = () => Array.from(row.current?.querySelectorAll<HTMLElement>("[data-toolbar-item]") ?? []);
  const focusToolbar = useCallback(() => {
    const all = Array.from(row.current?.querySelectorAll<HTMLElement>("[data-toolbar-item]") ?? []);
    (all.find((el) => el.dataset.toolbarItem === focusId) ?? all[0])?.focus();
  }, [focusId]);

  // The roving stop must name a button that exists (the table's buttons come and go).
  useEffect(() => {
    const all = items();
    if (all.length && !all.some((el) => el.dataset.toolbarItem === focusId)) setFocusId(all[0].dataset.toolbarItem!);
  }, [focusId, s.table]);

  // Alt+F10 in the text: to the toolbar (the usual shortcut of rich-text editors).
  useEffect(() => {
    const dom = editor.view.dom;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey && e.key === "F10") {
        e.preventDefault();
        focusToolbar();
      }
    };
    dom.addEventListener("keydown", onKey);
    return () => dom.removeEventListener("keydown", onKey);
  }, [editor, focusToolbar]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      editor.commands.focus();
      return;
    }
    const all = items();
    const current = all.findIndex((el) => el === document.activeElement);
    if (current < 0) return;
    const rtl = getComputedStyle(e.currentTarget).direction === "rtl";
    const next = nextItem(all, current, e.key, rtl);
    if (next === null) return;
    e.preventDefault();
    all[next].focus();
  };

  const openLink = () => {
    setHref(s.href);
    setLinkOpen((v) => !v);
  };
  const closeLink = () => {
    setLinkOpen(false);
    row.current?.querySelector<HTMLElement>('[data-toolbar-item="link"]')?.focus();
  };
  const applyLink = () => {
    const value = href.trim();
    if (!value) chain().extendMarkRange("link").unsetLink().run();
    else chain().extendMarkRange("link").setLink({ href: /^(https?:|mailto:|\/|#)/i.test(value) ? value : `https://${value}` }).run();
    setLinkOpen(false);
  };

  // Arrows point the way the text runs: mirrored in a right-to-left page.
  const glyph = (text: string, pointing = false) => (
    <span aria-hidden="true" className={pointing ? "inline-block rtl:-scale-x-100" : undefined}>
      {text}
    </span>
  );
  type Tool = { id: string; label: MessageId; face: ReactNode; run: () => void; extra?: Partial<ToolProps> };
  const history: Tool[] = [
    { id: "undo", label: "editor.toolbar.undo", face: glyph("↶", true), run: () => chain().undo().run(), extra: { disabled: !s.canUndo, shortcut: "Control+Z Meta+Z" } },
    { id: "redo", label: "editor.toolbar.redo", face: glyph("↷", true), run: () => chain().redo().run(), extra: { disabled: !s.canRedo, shortcut: "Control+Shift+Z Meta+Shift+Z" } },
  ];
  const headings: Tool[] = ([1, 2, 3] as const).map((level) => ({
    id: `h${level}`,
    label: `editor.toolbar.heading${level}`,
    face: glyph(`H${level}`),
    run: () => chain().toggleHeading({ level }).run(),
    extra: { active: s[`h${level}`] },
  }));
  const marks: Tool[] = [
    { id: "bold", label: "editor.toolbar.bold", face: <strong aria-hidden="true">{t("editor.toolbar.boldGlyph")}</strong>, run: () => chain().toggleBold().run(), extra: { active: s.bold, shortcut: "Control+B Meta+B" } },
    { id: "italic", label: "editor.toolbar.italic", face: <em className="font-serif" aria-hidden="true">{t("editor.toolbar.italicGlyph")}</em>, run: () => chain().toggleItalic().run(), extra: { active: s.italic, shortcut: "Control+I Meta+I" } },
    { id: "strike", label: "editor.toolbar.strike", face: <s aria-hidden="true">{t("editor.toolbar.strikeGlyph")}</s>, run: () => chain().toggleStrike().run(), extra: { active: s.strike, shortcut: "Control+Shift+S Meta+Shift+S" } },
    { id: "link", label: "editor.toolbar.link", face: t("editor.toolbar.linkShort"), run: openLink, extra: { active: s.link, expanded: linkOpen, controls: linkOpen ? linkFormId : undefined } },
  ];
  const blocks: Tool[] = [
    { id: "bullet", label: "editor.toolbar.bulletList", face: t("editor.toolbar.bulletListShort"), run: () => chain().toggleBulletList().run(), extra: { active: s.bullet } },
    { id: "ordered", label: "editor.toolbar.orderedList", face: t("editor.toolbar.orderedListShort"), run: () => chain().toggleOrderedList().run(), extra: { active: s.ordered } },
    { id: "quote", label: "editor.toolbar.quote", face: t("editor.toolbar.quoteShort"), run: () => chain().toggleBlockquote().run(), extra: { active: s.quote } },
  ];
  const table: Tool[] = s.table
    ? [
        { id: "row-add", label: "editor.toolbar.rowAdd", face: t("editor.toolbar.rowAddShort"), run: () => chain().addRowAfter().run() },
        { id: "column-add", label: "editor.toolbar.columnAdd", face: t("editor.toolbar.columnAddShort"), run: () => chain().addColumnAfter().run() },
        { id: "row-delete", label: "editor.toolbar.rowDelete", face: t("editor.toolbar.rowDeleteShort"), run: () => chain().deleteRow().run() },
        { id: "column-delete", label: "editor.toolbar.columnDelete", face: t("editor.toolbar.columnDeleteShort"), run: () => chain().deleteColumn().run() },
        { id: "table-delete", label: "editor.toolbar.tableDelete", face: t("editor.toolbar.tableDeleteShort"), run: () => chain().deleteTable().run() },
      ]
    : [{ id: "table", label: "editor.toolbar.tableInsert", face: t("editor.toolbar.tableInsertShort"), run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() }];
  const groups = [history, headings, marks, blocks, table];

  return (
    <div className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50/95 backdrop-blur">
      <div
        ref={row}
        className="flex flex-wrap items-center gap-0.5 px-2 py-1.5"
        role="toolbar"
        aria-label={t("editor.toolbar.label")}
        aria-controls={editor.view.dom.id || undefined}
        data-testid="editor-toolbar"
        onKeyDown={onKeyDown}
      >
        {groups.map((group, i) => (
          <Fragment key={i}>
            {i > 0 ? <Divider /> : null}
            {group.map((tool) => (
              <ToolButton key={tool.id} id={tool.id} label={t(tool.label)} focusId={focusId} onFocusItem={setFocusId} onClick={tool.run} {...tool.extra}>
                {tool.face}
              </ToolButton>
            ))}
          </Fragment>
        ))}
      </div>
      {linkOpen ? (
        <form
          id={linkFormId}
          aria-label={t("editor.link.form")}
          className="flex flex-wrap items-center gap-2 border-t border-slate-200 px-3 py-2"
          onSubmit={(e) => {
            e.preventDefault();
            applyLink();
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              closeLink();
            }
          }}
        >
          <label htmlFor="link-href" className="text-sm text-slate-600">{t("editor.link.label")}</label>
          <input
            id="link-href"
            inputMode="url"
            dir="ltr"
            autoFocus
            value={href}
            onChange={(e) => setHref(e.target.value)}
            placeholder={LINK_EXAMPLE}
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
          />
          <button type="submit" className="rounded-md bg-brand-700 px-3 py-1 text-sm font-semibold text-white hover:bg-brand-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">{t("editor.link.apply")}</button>
          {s.link ? (
            <button type="button" onClick={() => { setHref(""); chain().extendMarkRange("link").unsetLink().run(); setLinkOpen(false); }} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">
              {t("editor.link.remove")}
            </button>
          ) : null}
          <button type="button" onClick={closeLink} className="px-2 py-1 text-sm text-slate-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">{t("editor.link.cancel")}</button>
        </form>
      ) : null}
    </div>
  );
}
