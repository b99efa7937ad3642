"use client";

import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/server/action";

/** A server action as `useActionState` calls it. */
export type FormAction<T> = (state: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * A small button in a table row that posts a few hidden fields to a server action (Remove a member,
 * Unassign a license…), with its pending label and the refusal shown beside it.
 */
export function RowActionButton<T>({
  action,
  fields,
  label,
  pendingLabel,
  accessibleName,
  disabled,
}: {
  action: FormAction<T>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  accessibleName: string;
  disabled: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="inline">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={disabled || pending}
        aria-label={accessibleName}
        className="rounded border border-line-strong bg-white px-2 py-0.5 text-sm font-semibold hover:bg-canvas disabled:cursor-not-allowed disabled:opacity-50"
      >
        {pending ? pendingLabel : label}
      </button>
      {state && !state.ok && (
        <span role="alert" className="ml-2 text-danger">
          {state.error}
        </span>
      )}
    </form>
  );
}

/** What a row action's wrapper takes besides its fields: the server action and whether it is off (Reports readers). */
export interface RowAction<T> {
  action: FormAction<T>;
  disabled: boolean;
}

/**
 * A one-field form beside a list (Add a member, Assign a license): hidden fields, the labelled
 * control — given its id and ARIA state to spread — the submit button, then the refusal (`<id>-error`,
 * read from the first of `errorFields` that has one, else the form's error); what was done is a toast.
 */
export function InlineActionForm<T>({
  action,
  fields,
  errorFields,
  id,
  label,
  submitLabel,
  pendingLabel,
  disabled,
  success,
  children,
}: {
  action: FormAction<T>;
  fields: Record<string, string>;
  errorFields: string[];
  id: string;
  label: string;
  submitLabel: string;
  pendingLabel: string;
  disabled: boolean;
  success: (data: T) => React.ReactNode;
  children: (control: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  // What was done is a toast, like every other action's: no message stays behind after the next one.
  useEffect(() => {
    if (state?.ok) toast.success(success(state.data));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
  const error = state && !state.ok ? (errorFields.map((f) => state.fieldErrors[f]?.[0]).find(Boolean) ?? state.error) : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div>
        <label htmlFor={id} className="block font-semibold">
          {label}
        </label>
        {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined })}
      </div>
      <button
        type="submit"
        disabled={disabled || pending}
        className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover disabled:cursor-not-allowed disabled:opacity-50"
      >
        {pending ? pendingLabel : submitLabel}
      </button>
      {error && (
        <p id={`${id}-error`} role="alert" className="basis-full text-danger">
          {error}
        </p>
      )}
    </form>
  );
}
