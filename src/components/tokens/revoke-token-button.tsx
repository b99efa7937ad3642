"use client";

import { ConfirmActionButton } from "@/components/ui/confirm-dialog";
import type { ClientAction } from "@/components/ui/use-admin-action";

/** Revoke, after the console's confirm dialog: programs using the token are refused from then on. */
export function RevokeTokenButton({
  action,
  id,
  name,
  disabled,
}: {
  action: ClientAction<FormData, { id: string }>;
  id: string;
  name: string;
  disabled: boolean;
}) {
  return (
    <ConfirmActionButton
      action={action}
      fields={{ id }}
      label="Revoke"
      accessibleName={`Revoke ${name}`}
      title={`Revoke “${name}”?`}
      message={<p>Programs using it will be refused from now on. This can&apos;t be undone.</p>}
      confirmLabel="Revoke"
      pendingLabel="Revoking…"
      success={() => `Revoked “${name}”.`}
      disabled={disabled}
    />
  );
}
