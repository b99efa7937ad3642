"use client";

import { useState } from "react";
import { buttonClass, checkboxClass } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** Org settings: "Let users auto-claim licenses the first time they sign in", then Save. */
export function AutoClaimSettingForm({
  enabled,
  readOnly,
  action,
}: {
  enabled: boolean;
  readOnly: boolean;
  action: ClientAction<FormData, { changed: boolean; enabled: boolean }>;
}) {
  const [checked, setChecked] = useState(enabled);
  const [stored, setStored] = useState(enabled);
  if (stored !== enabled) {
    // Changed elsewhere (e.g. "Turn on setting" on the Auto-claim policy tab).
    setStored(enabled);
    setChecked(enabled);
  }
  const { run, pending, formError } = useAdminAction(action, {
    success: (d) => (!d.changed ? "No changes to save" : d.enabled ? "Auto-claim is on" : "Auto-claim is off: no license will be claimed automatically"),
  });
  return (
    <AdminForm run={run} formError={formError}>
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          name="enabled"
          checked={checked}
          disabled={readOnly || pending}
          onChange={(e) => setChecked(e.target.checked)}
          aria-describedby="auto-claim-setting-hint"
          className={`${checkboxClass} mt-0.5`}
        />
        <span>Let users auto-claim licenses the first time they sign in</span>
      </label>
      <p id="auto-claim-setting-hint" className="mt-1 ml-6 text-ink-3">
        When this is off, nobody gets a license from an auto-claim policy; the policies are kept and apply again when you turn it back on.
      </p>
      <button type="submit" disabled={readOnly || pending} className={buttonClass("primary", "mt-4")}>
        {pending ? "Saving…" : "Save"}
      </button>
    </AdminForm>
  );
}
