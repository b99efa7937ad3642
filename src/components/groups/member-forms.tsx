"use client";

import { RowActionButton, type FormAction } from "@/components/ui/row-action-button";
import { useActionState } from "react";

/** Add a member by user principal name; the error shows beside the field. */
export function AddMemberForm({
  action,
  groupId,
  groupName,
  disabled,
}: {
  action: FormAction<{ userPrincipalName: string }>;
  groupId: string;
  groupName: string;
  disabled: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const error = state && !state.ok ? (state.fieldErrors.user?.[0] ?? state.error) : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="groupId" value={groupId} />
      <div>
        <label htmlFor="member-upn" className="block font-semibold">
          Add a member
        </label>
        <input
          id="member-upn"
          name="user"
          type="text"
          autoComplete="off"
          placeholder="name@contoso.com"
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "member-upn-error" : undefined}
          className="mt-1 w-72 rounded border border-line-strong bg-white px-3 py-1.5"
        />
      </div>
      <button
        type="submit"
        disabled={disabled || pending}
        className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover disabled:cursor-not-allowed disabled:opacity-50"
      >
        {pending ? "Adding…" : `Add to ${groupName}`}
      </button>
      {error && (
        <p id="member-upn-error" role="alert" className="basis-full text-danger">
          {error}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="basis-full text-success">
          Added {state.data.userPrincipalName}.
        </p>
      )}
    </form>
  );
}

/** Remove one member (their group licences go with the membership). */
export function RemoveMemberButton({
  action,
  groupId,
  userId,
  name,
  disabled,
}: {
  action: FormAction<null>;
  groupId: string;
  userId: string;
  name: string;
  disabled: boolean;
}) {
  return (
    <RowActionButton
      action={action}
      fields={{ groupId, userId }}
      label="Remove"
      pendingLabel="Removing…"
      accessibleName={`Remove ${name}`}
      disabled={disabled}
    />
  );
}
