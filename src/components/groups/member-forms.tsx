"use client";

import { ConfirmActionButton } from "@/components/ui/confirm-dialog";
import { InlineActionForm, type RowAction } from "@/components/ui/row-action-button";
import type { ClientAction } from "@/components/ui/use-admin-action";
import { plural } from "@/lib/plural";

/** Add a member by user principal name; the error shows beside the field, and licences left in error are named. */
export function AddMemberForm({
  action,
  groupId,
  groupName,
  disabled,
}: RowAction<{ userPrincipalName: string; waiting: string[] }> & { groupId: string; groupName: string }) {
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
      success={(data) =>
        data.waiting.length > 0
          ? `Added ${data.userPrincipalName}. License error: no unit left of ${data.waiting.join(", ")}; assigned as soon as one frees up.`
          : `Added ${data.userPrincipalName}.`
      }
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

/** Remove one member, after a confirm dialog that says what they lose and how many units that really frees. */
export function RemoveMemberButton({
  action,
  groupId,
  groupName,
  userId,
  name,
  products,
  unitsFreed,
  disabled,
}: {
  action: ClientAction<FormData, null>;
  groupId: string;
  groupName: string;
  userId: string;
  name: string;
  /** The group's products (what the member holds through it). */
  products: string[];
  unitsFreed: number;
  disabled: boolean;
}) {
  return (
    <ConfirmActionButton
      action={action}
      fields={{ groupId, userId }}
      label="Remove"
      accessibleName={`Remove ${name}`}
      title={`Remove ${name} from ${groupName}?`}
      confirmLabel="Remove member"
      pendingLabel="Removing…"
      disabled={disabled}
      success={() => `Removed ${name} from ${groupName}.`}
      message={
        <>
          <p>
            {products.length === 0
              ? `${groupName} carries no licenses: ${name} loses none.`
              : `${name} loses the licenses held through ${groupName}: ${products.join(", ")}.`}
          </p>
          <p data-testid="units-freed">
            This frees {plural(unitsFreed, "unit")}
            {products.length > 0 && unitsFreed === 0 ? ` — ${name} holds them another way or waits for them` : ""}.
          </p>
        </>
      }
    />
  );
}
