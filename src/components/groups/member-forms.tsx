"use client";

import { InlineActionForm, RowActionButton, type RowAction } from "@/components/ui/row-action-button";

/** Add a member by user principal name; the error shows beside the field. */
export function AddMemberForm({ action, groupId, groupName, disabled }: RowAction<{ userPrincipalName: string }> & { groupId: string; groupName: string }) {
  return (
    <InlineActionForm
      action={action}
      fields={{ groupId }}
      errorFields={["user"]}
      id="member-upn"
      label="Add a member"
      submitLabel={`Add to ${groupName}`}
      pendingLabel="Adding…"
      disabled={disabled}
      success={(data) => `Added ${data.userPrincipalName}.`}
    >
      {(control) => (
        <input
          {...control}
          name="user"
          type="text"
          autoComplete="off"
          placeholder="name@contoso.com"
          disabled={disabled}
          className="mt-1 w-72 rounded border border-line-strong bg-white px-3 py-1.5"
        />
      )}
    </InlineActionForm>
  );
}

/** Remove one member (their group licences go with the membership). */
export function RemoveMemberButton({ action, groupId, userId, name, disabled }: RowAction<null> & { groupId: string; userId: string; name: string }) {
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
