import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

// Form building blocks: every field shows its server-side error next to it and keeps its value.

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700" role="alert">
      {message}
    </p>
  );
}

const inputClass = (invalid: boolean) =>
  `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 ${
    invalid ? "border-red-500" : "border-slate-300"
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

export function TextField({ label, name, error, hint, markRequired, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = rest.id ?? `field-${name}`;
  return (
    <div>
      <FieldLabel id={id} label={label} mark={markRequired} />
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass(Boolean(error))}
        {...rest}
      />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
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
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass(Boolean(error))}
        {...rest}
      />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
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
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass(Boolean(error))}
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
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

export function FormAlert({ message, tone = "error" }: { message?: string | null; tone?: "error" | "success" | "info" }) {
  if (!message) return null;
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    success: "border-green-200 bg-green-50 text-green-800",
    info: "border-brand-100 bg-brand-50 text-brand-800",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${styles}`}>
      {message}
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
