import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useState, type ReactNode } from "react";

/** Formatting controls for the live editor (hidden for people who cannot edit). */

/** The button's name: its label, with the short text it shows when the label does not contain it (WCAG 2.5.3, label in name). */
function nameOf(label: string, shown: ReactNode): string {
  return typeof shown === "string" && !label.toLowerCase().includes(shown.toLowerCase()) ? `${label}, ${shown}` : label;
}

function ToolButton(props: { label: string; active?: boolean; disabled?: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      title={props.label}
      aria-label={nameOf(props.label, props.children)}
      aria-pressed={props.active === undefined ? undefined : props.active}
      disabled={props.disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onClick}
      className={`inline-flex h-8 min-w-8 items-center justify-center rounded px-2 text-sm font-medium transition-colors disabled:opacity-40 ${
        props.active ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"
      }`}
    >
      {props.children}
    </button>
  );
}

const Divider = () => <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden="true" />;

export function DocumentToolbar({ editor }: { editor: Editor }) {
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
  const chain = () => editor.chain().focus();

  const openLink = () => {
    setHref(s.href);
    setLinkOpen((v) => !v);
  };
  const applyLink = () => {
    const value = href.trim();
    if (!value) chain().extendMarkRange("link").unsetLink().run();
    else chain().extendMarkRange("link").setLink({ href: /^(https?:|mailto:|\/|#)/i.test(value) ? value : `https://${value}` }).run();
    setLinkOpen(false);
  };

  return (
    <div className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50/95 backdrop-blur" role="toolbar" aria-label="Formatting">
      <div className="flex flex-wrap items-center gap-0.5 px-2 py-1.5">
        <ToolButton label="Undo your last edit" disabled={!s.canUndo} onClick={() => chain().undo().run()}>↶</ToolButton>
        <ToolButton label="Redo" disabled={!s.canRedo} onClick={() => chain().redo().run()}>↷</ToolButton>
        <Divider />
        <ToolButton label="Heading 1" active={s.h1} onClick={() => chain().toggleHeading({ level: 1 }).run()}>H1</ToolButton>
        <ToolButton label="Heading 2" active={s.h2} onClick={() => chain().toggleHeading({ level: 2 }).run()}>H2</ToolButton>
        <ToolButton label="Heading 3" active={s.h3} onClick={() => chain().toggleHeading({ level: 3 }).run()}>H3</ToolButton>
        <Divider />
        <ToolButton label="Bold" active={s.bold} onClick={() => chain().toggleBold().run()}><strong>B</strong></ToolButton>
        <ToolButton label="Italic" active={s.italic} onClick={() => chain().toggleItalic().run()}><em className="font-serif">I</em></ToolButton>
        <ToolButton label="Strikethrough" active={s.strike} onClick={() => chain().toggleStrike().run()}><s>S</s></ToolButton>
        <ToolButton label="Link" active={s.link || linkOpen} onClick={openLink}>Link</ToolButton>
        <Divider />
        <ToolButton label="Bulleted list" active={s.bullet} onClick={() => chain().toggleBulletList().run()}>• List</ToolButton>
        <ToolButton label="Numbered list" active={s.ordered} onClick={() => chain().toggleOrderedList().run()}>1. List</ToolButton>
        <ToolButton label="Block quote" active={s.quote} onClick={() => chain().toggleBlockquote().run()}>❝ Quote</ToolButton>
        <Divider />
        {s.table ? (
          <>
            <ToolButton label="Add a row below" onClick={() => chain().addRowAfter().run()}>+ Row</ToolButton>
            <ToolButton label="Add a column to the right" onClick={() => chain().addColumnAfter().run()}>+ Column</ToolButton>
            <ToolButton label="Delete this row" onClick={() => chain().deleteRow().run()}>− Row</ToolButton>
            <ToolButton label="Delete this column" onClick={() => chain().deleteColumn().run()}>− Column</ToolButton>
            <ToolButton label="Delete the table" onClick={() => chain().deleteTable().run()}>Delete table</ToolButton>
          </>
        ) : (
          <ToolButton label="Insert a table" onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>Table</ToolButton>
        )}
      </div>
      {linkOpen ? (
        <form
          className="flex flex-wrap items-center gap-2 border-t border-slate-200 px-3 py-2"
          onSubmit={(e) => {
            e.preventDefault();
            applyLink();
          }}
        >
          <label htmlFor="link-href" className="text-sm text-slate-600">Link to</label>
          <input
            id="link-href"
            autoFocus
            value={href}
            onChange={(e) => setHref(e.target.value)}
            placeholder="https://www.intgovforum.org/"
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
          />
          <button type="submit" className="rounded-md bg-brand-700 px-3 py-1 text-sm font-semibold text-white hover:bg-brand-800">Apply</button>
          {s.link ? (
            <button type="button" onClick={() => { setHref(""); chain().extendMarkRange("link").unsetLink().run(); setLinkOpen(false); }} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm">
              Remove link
            </button>
          ) : null}
          <button type="button" onClick={() => setLinkOpen(false)} className="px-2 py-1 text-sm text-slate-600">Cancel</button>
        </form>
      ) : null}
    </div>
  );
}
