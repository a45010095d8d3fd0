import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useT } from "../lib/i18n/react";

// Form building blocks: every field shows its server-side error next to it and keeps its value.
// Accessibility (issue 21): an error is tied to its field (aria-describedby, aria-invalid), a
// required field says so to assistive technology (aria-required, whatever the visual mark), and a
// refused form's alert at the top lists its errors as links to the fields (see FormAlert).

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700" role="alert" data-field-error="">
      {message}
    </p>
  );
}

const inputClass = (invalid: boolean) =>
  `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 ${
    invalid ? "border-red-600" : "border-slate-500"
  }`;

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  /** Show a required field as such before submitting (a red asterisk; assistive technology hears `required`). */
  markRequired?: boolean;
}

function FieldLabel({ id, label, mark }: { id: string; label: string; mark?: boolean }) {
  return (
    <label htmlFor={id} className="block text-sm font-medium text-slate-700">
      {label}
      {mark ? (
        <span aria-hidden="true" className="text-red-700" data-testid="required-mark">
          {" *"}
        </span>
      ) : null}
    </label>
  );
}

/**
 * What a field says to assistive technology: its hint and its error (in that order, after any
 * description the caller names), whether it is invalid, and whether it is required.
 */
function fieldAria(id: string, props: { error?: string; hint?: ReactNode; markRequired?: boolean; required?: boolean; "aria-describedby"?: string }) {
  const describedBy = [props["aria-describedby"], props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return {
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": describedBy || undefined,
    "aria-required": props.markRequired || props.required ? true : undefined,
  } as const;
}

function FieldHint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
      {hint}
    </p>
  ) : null;
}

export function TextField({ label, name, error, hint, markRequired, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = rest.id ?? `field-${name}`;
  return (
    <div>
      <FieldLabel id={id} label={label} mark={markRequired} />
      <input
        id={id}
        name={name}
        className={inputClass(Boolean(error))}
        {...rest}
        {...fieldAria(id, { error, hint, markRequired, required: rest.required, "aria-describedby": rest["aria-describedby"] })}
      />
      <FieldHint id={id} hint={hint} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function TextAreaField({ label, name, error, hint, markRequired, ...rest }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = rest.id ?? `field-${name}`;
  return (
    <div>
      <FieldLabel id={id} label={label} mark={markRequired} />
      <textarea
        id={id}
        name={name}
        className={inputClass(Boolean(error))}
        {...rest}
        {...fieldAria(id, { error, hint, markRequired, required: rest.required, "aria-describedby": rest["aria-describedby"] })}
      />
      <FieldHint id={id} hint={hint} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  placeholder,
  markRequired,
  ...rest
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: ReadonlyArray<{ id: string; label: string }>; placeholder?: string }) {
  const id = rest.id ?? `field-${name}`;
  return (
    <div>
      <FieldLabel id={id} label={label} mark={markRequired} />
      <select
        id={id}
        name={name}
        className={inputClass(Boolean(error))}
        {...rest}
        {...fieldAria(id, { error, hint, markRequired, required: rest.required, "aria-describedby": rest["aria-describedby"] })}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldHint id={id} hint={hint} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function Button({
  variant = "primary",
  className = "",
  ...rest
}: { variant?: "primary" | "secondary" | "danger" } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const styles = {
    primary: "bg-brand-700 text-white hover:bg-brand-800 border-transparent",
    secondary: "bg-white text-slate-800 hover:bg-slate-50 border-slate-300",
    danger: "bg-white text-red-700 hover:bg-red-50 border-red-300",
  }[variant];
  return (
    <button
      className={`inline-flex items-center justify-center rounded-md border px-4 py-2 text-sm font-semibold shadow-sm disabled:opacity-50 ${styles} ${className}`}
      {...rest}
    />
  );
}

export interface ErrorLink {
  /** The id of the field (or of the first control of a group) the link moves to. */
  target: string;
  label: string;
  message: string;
}

/**
 * The errors of a form, read from the page: every control (or group) that names
 * a field error in its aria-describedby, in the order of the form.
 */
function errorLinksIn(form: HTMLElement): ErrorLink[] {
  const links: ErrorLink[] = [];
  for (const el of Array.from(form.querySelectorAll<HTMLElement>("[aria-describedby]"))) {
    const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/);
    const error = ids.map((id) => document.getElementById(id)).find((e) => e?.hasAttribute("data-field-error"));
    const message = error?.textContent?.trim();
    if (!message || links.some((l) => l.message === message && l.target === el.id)) continue;
    const control = el.matches("input, select, textarea") ? el : el.querySelector<HTMLElement>("input, select, textarea");
    if (!control?.id) continue;
    const labelSource = el.matches("fieldset") ? el.querySelector("legend") : (control as HTMLInputElement).labels?.[0];
    const label = (labelSource?.textContent ?? "").replace(/\s*\*\s*$/, "").trim();
    links.push({ target: control.id, label, message });
  }
  return links;
}

/** The form an alert speaks for: the one it stands in, else the first that follows it. */
function formOf(alert: HTMLElement): HTMLElement | null {
  const inside = alert.closest("form");
  if (inside) return inside;
  for (let scope = alert.parentElement; scope; scope = scope.parentElement) {
    const next = Array.from(scope.querySelectorAll("form")).find((f) => alert.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (next) return next;
  }
  return null;
}

/**
 * A form's message. An error (a refused form) is an alert at the top of the form that lists each
 * field's error as a link to that field: given as `errors`, or, once the page runs, read from the
 * fields of the form it stands in (so every refused form gets its summary).
 */
export function FormAlert({ message, tone = "error", errors }: { message?: string | null; tone?: "error" | "success" | "info"; errors?: ErrorLink[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [found, setFound] = useState<ErrorLink[]>([]);
  // After every render on purpose: the fields' errors may have changed with a new answer of the
  // server while the alert's message stayed the same. An unchanged list changes nothing (no loop).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (tone !== "error" || errors || !message || !ref.current) return;
    const form = formOf(ref.current);
    const next = form ? errorLinksIn(form) : [];
    if (JSON.stringify(found) === JSON.stringify(next)) return;
    setFound(next);
    // A new refusal: the focus goes to the summary (read out, and the next Tab reaches its first link).
    if (next.length) ref.current.focus({ preventScroll: false });
  });
  if (!message) return null;
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    success: "border-green-200 bg-green-50 text-green-800",
    info: "border-brand-100 bg-brand-50 text-brand-800",
  }[tone];
  const links = errors ?? found;
  return (
    <div ref={ref} tabIndex={tone === "error" ? -1 : undefined} role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${styles}`} data-testid={tone === "error" ? "form-alert" : undefined}>
      {message}
      {tone === "error" && links.length ? (
        <ul className="mt-2 list-disc space-y-1 ps-5" data-testid="error-summary">
          {links.map((l) => (
            <li key={`${l.target}:${l.message}`}>
              <a
                href={`#${l.target}`}
                className="font-medium text-red-800 underline"
                onClick={(e) => {
                  const field = document.getElementById(l.target);
                  if (!field) return;
                  e.preventDefault();
                  field.focus();
                  field.scrollIntoView({ block: "center" });
                }}
              >
                {l.label ? t("form.errorSummary.item", { label: l.label, message: l.message }) : l.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Card({ children, className = "", id }: { children: ReactNode; className?: string; id?: string }) {
  return (
    <div id={id} className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6 ${className}`}>
      {children}
    </div>
  );
}
