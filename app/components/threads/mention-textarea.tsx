import { useParams } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from "react";
import { useT } from "../../lib/i18n/react";

/**
 * The composer's textarea with mention autocomplete: typing `@` and a letter or more offers the
 * coalition's people (GET /coalitions/:slug/people?q=, which the policy guards) in an ARIA
 * combobox: ArrowDown/ArrowUp move through them, Enter or Tab inserts `@handle `, Escape closes
 * the list; a click or tap does the same as Enter. Without JavaScript it is a plain textarea.
 */

interface Person {
  handle: string;
  name: string;
  organization: string | null;
}

/** The `@word` being typed just before the caret, if any: where its `@` is and the word. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[^A-Za-z0-9_.@/\\])@([A-Za-z0-9][A-Za-z0-9_.-]{0,29})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

export function MentionTextarea(props: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string }) {
  const { slug } = useParams();
  const t = useT();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [active, setActive] = useState(0);
  const [token, setToken] = useState<{ start: number; query: string } | null>(null);
  const dismissed = useRef<number | null>(null);
  const request = useRef<AbortController>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => (clearTimeout(timer.current), request.current?.abort()), []);
  const open = Boolean(token) && people.length > 0;

  const close = () => {
    clearTimeout(timer.current);
    request.current?.abort();
    setToken(null);
    setPeople([]);
  };

  const look = () => {
    const el = ref.current;
    if (!el || !slug) return;
    const found = el.selectionStart === el.selectionEnd ? mentionAtCaret(el.value, el.selectionStart) : null;
    if (!found || dismissed.current === found.start) return close();
    dismissed.current = null;
    if (found.start === token?.start && found.query === token.query) return;
    setToken(found);
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      request.current?.abort();
      const controller = (request.current = new AbortController());
      try {
        const res = await fetch(`/coalitions/${encodeURIComponent(slug)}/people?q=${encodeURIComponent(found.query)}`, { signal: controller.signal, headers: { Accept: "application/json" } });
        const body = res.ok && res.headers.get("Content-Type")?.includes("json") ? ((await res.json()) as { people?: Person[] }) : null;
        if (controller.signal.aborted) return;
        setPeople(body?.people ?? []);
        setActive(0);
      } catch {
        // Aborted by newer typing, or offline: no suggestions, the textarea works as before.
      }
    }, 120);
  };

  const complete = (person: Person) => {
    const el = ref.current;
    if (!el || !token) return;
    const end = token.start + 1 + token.query.length;
    const inserted = `@${person.handle} `;
    el.value = el.value.slice(0, token.start) + inserted + el.value.slice(end).replace(/^ /, "");
    const caret = token.start + inserted.length;
    el.setSelectionRange(caret, caret);
    el.focus();
    close();
    // The composer's own input handler (the live preview) hears about it like typing.
    el.dispatchEvent(new Event("input", { bubbles: true }));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    props.onKeyDown?.(e);
    if (!open || e.defaultPrevented) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + people.length) % people.length);
    } else if ((e.key === "Enter" && !e.shiftKey && !e.ctrlKey && !e.metaKey) || (e.key === "Tab" && !e.shiftKey)) {
      e.preventDefault();
      complete(people[active] ?? people[0]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      dismissed.current = token?.start ?? null;
      close();
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="relative">
      <textarea
        {...props}
        ref={ref}
        role="combobox"
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(active) : undefined}
        onInput={(e) => {
          props.onInput?.(e);
          look();
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => {
          if (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "Home" || e.key === "End") look();
        }}
        onClick={look}
        onBlur={(e) => {
          props.onBlur?.(e);
          close();
        }}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={t("people.listLabel")}
          data-testid="mention-listbox"
          className="absolute inset-x-0 top-full z-20 mt-1 max-h-64 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {people.map((p, i) => (
            <li
              key={p.handle}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => complete(p)}
              className={`flex cursor-pointer flex-wrap items-baseline gap-x-2 px-3 py-2 ${i === active ? "bg-brand-50 text-brand-900" : "text-slate-800"}`}
            >
              <span className="font-medium">{`@${p.handle}`}</span>
              <span className="text-slate-600" dir="auto">
                {p.name}
              </span>
              {p.organization ? <span className="text-xs text-slate-500">{p.organization}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {open ? t("people.found", { count: people.length }) : ""}
      </p>
    </div>
  );
}
