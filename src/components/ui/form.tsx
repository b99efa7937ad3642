/**
 * Form primitives of the console: Fluent-like buttons and inputs, and the error line shown beside a
 * field (linked to it with aria-describedby, so that a screen reader reads it with the field).
 */

import { OctagonX } from "lucide-react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "subtle";

export function buttonClass(variant: ButtonVariant = "secondary", extra = ""): string {
  const base =
    "inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded px-3 py-1.5 font-semibold disabled:cursor-not-allowed disabled:opacity-60";
  const look = {
    primary: "bg-brand text-white hover:bg-brand-hover active:bg-brand-pressed disabled:hover:bg-brand",
    secondary: "border border-line-strong bg-white text-ink hover:bg-canvas disabled:hover:bg-white",
    danger: "bg-danger text-white hover:bg-[#960b18] disabled:hover:bg-danger",
    subtle: "px-2 text-brand hover:bg-brand-subtle disabled:text-ink-3 disabled:hover:bg-transparent",
  }[variant];
  return `${base} ${look} ${extra}`.trim();
}

export const inputClass =
  "block w-full rounded border border-line-strong bg-white px-2 py-1.5 text-ink placeholder:text-ink-3 focus:border-brand focus:outline-none focus-visible:outline-2 focus-visible:outline-brand disabled:bg-canvas disabled:text-ink-3 aria-[invalid=true]:border-danger";

export const checkboxClass = "size-4 shrink-0 accent-brand disabled:opacity-60";

/** The id of a field's error line, from the field's name ("products.0.productId" → "products-0-productId-error"). */
export function errorId(field: string): string {
  return `${field.replace(/[^A-Za-z0-9_-]/g, "-")}-error`;
}

/** Joins the ids a field is described by, skipping the absent ones. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(" ");
  return list || undefined;
}

/** What a labelled field's control spreads: its id, its look, and its ARIA state (invalid while it has a message; described by its hint, then its error line). */
export interface FieldControl {
  id: string;
  className: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * A labelled field: the label in bold, a hint under it (`<id>-hint`), the control — given the
 * attributes to spread — and the error line. `field` names it in the error messages ("groupId").
 */
export function Field({
  id,
  field,
  label,
  hint,
  error,
  className = "max-w-md",
  children,
}: {
  id: string;
  field: string;
  label: React.ReactNode;
  hint: React.ReactNode;
  error?: string | null;
  className?: string;
  children: (control: FieldControl) => React.ReactNode;
}) {
  const control: FieldControl = {
    id,
    className: `${inputClass} mt-1`,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(`${id}-hint`, error && errorId(field)),
  };
  return (
    <div className={className}>
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-ink-3">
        {hint}
      </p>
      {children(control)}
      <FieldError field={field} message={error} />
    </div>
  );
}

/** The message beside a field; renders nothing when there is none. */
export function FieldError({ field, message, className = "" }: { field: string; message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p id={errorId(field)} className={`mt-1 flex items-start gap-1 text-danger ${className}`} data-testid={`error-${field}`}>
      <OctagonX aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <span>{message}</span>
    </p>
  );
}

/** A message about the whole form (not one field). */
export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="mb-4 rounded border border-[#eeacb2] bg-danger-subtle px-3 py-2 text-danger">
      {message}
    </p>
  );
}
