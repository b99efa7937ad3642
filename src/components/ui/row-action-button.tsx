"use client";

import { useActionState } from "react";
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
