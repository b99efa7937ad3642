"use client";

import { buttonClass, FormAlert } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** "Turn on setting" on the Auto-claim policy tab while the tenant's setting is off. */
export function TurnOnSettingButton({ action, readOnly }: { action: ClientAction<FormData, unknown>; readOnly: boolean }) {
  const { run, pending, formError } = useAdminAction(action, { success: () => "Auto-claim is on: you can add auto-claim policies" });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        run(new FormData(e.currentTarget));
      }}
    >
      <FormAlert message={formError} />
      <input type="hidden" name="enabled" value="true" />
      <button type="submit" disabled={readOnly || pending} className={buttonClass("primary")}>
        {pending ? "Turning on…" : "Turn on setting"}
      </button>
    </form>
  );
}
