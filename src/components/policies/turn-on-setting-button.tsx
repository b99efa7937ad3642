"use client";

import { buttonClass } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** "Turn on setting" on the Auto-claim policy tab while the tenant's setting is off. */
export function TurnOnSettingButton({ action, readOnly }: { action: ClientAction<FormData, unknown>; readOnly: boolean }) {
  const { run, pending, formError } = useAdminAction(action, { success: () => "Auto-claim is on: you can add auto-claim policies" });
  return (
    <AdminForm run={run} formError={formError}>
      <input type="hidden" name="enabled" value="true" />
      <button type="submit" disabled={readOnly || pending} className={buttonClass("primary")}>
        {pending ? "Turning on…" : "Turn on setting"}
      </button>
    </AdminForm>
  );
}
