"use client";

import { ConfirmActionButton } from "@/components/ui/confirm-dialog";
import type { ClientAction } from "@/components/ui/use-admin-action";

/** Remove one person from the policy's waiting list, after asking. */
export function RemoveFromWaitlistButton({
  action,
  entryId,
  displayName,
  disabled,
}: {
  action: ClientAction<FormData, null>;
  entryId: string;
  displayName: string;
  disabled: boolean;
}) {
  return (
    <ConfirmActionButton
      action={action}
      fields={{ entryId }}
      label="Remove"
      accessibleName={`Remove ${displayName} from the waiting list`}
      title="Remove from the waiting list"
      message={`${displayName} will no longer get a license automatically. Their next refused launch puts them at the back of the list.`}
      confirmLabel="Remove"
      pendingLabel="Removing…"
      success={() => `${displayName} was removed from the waiting list.`}
      disabled={disabled}
    />
  );
}
