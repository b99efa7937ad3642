"use client";

import { useState } from "react";
import { buttonClass, checkboxClass } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** Org settings: "Disabling a user also releases their direct licenses", then Save. */
export function DisableReleasesDirectForm({
  enabled,
  readOnly,
  action,
}: {
  enabled: boolean;
  readOnly: boolean;
  action: ClientAction<FormData, { changed: boolean; enabled: boolean }>;
}) {
  const [checked, setChecked] = useState(enabled);
  const { run, pending, formError } = useAdminAction(action, {
    success: (d) =>
      !d.changed
        ? "No changes to save"
        : d.enabled
          ? "Disabling a user now releases their direct licenses too"
          : "Disabling a user releases only their auto-claimed licenses",
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
          aria-describedby="disable-releases-direct-hint"
          className={`${checkboxClass} mt-0.5`}
        />
        <span>Disabling a user also releases their direct licenses</span>
      </label>
      <p id="disable-releases-direct-hint" className="mt-1 ml-6 text-ink-3">
        Licenses held through a group stay with the group membership, which your identity provider manages.
      </p>
      <button type="submit" disabled={readOnly || pending} className={buttonClass("primary", "mt-4")}>
        {pending ? "Saving…" : "Save disabled-user setting"}
      </button>
    </AdminForm>
  );
}
