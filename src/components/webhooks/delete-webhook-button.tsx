"use client";

import { ConfirmActionButton } from "@/components/ui/confirm-dialog";
import type { ClientAction } from "@/components/ui/use-admin-action";

/** Delete, after the console's confirm dialog: the subscription and its delivery log go; nothing more is sent. */
export function DeleteWebhookButton({
  action,
  id,
  url,
  disabled,
}: {
  action: ClientAction<FormData, { id: string }>;
  id: string;
  url: string;
  disabled: boolean;
}) {
  return (
    <ConfirmActionButton
      action={action}
      fields={{ id }}
      label="Delete"
      accessibleName={`Delete webhook ${url}`}
      title="Delete this webhook?"
      message={<p>Events not yet delivered to {url} are dropped with its delivery log. This can&apos;t be undone.</p>}
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      success={() => "Webhook deleted."}
      disabled={disabled}
    />
  );
}
