"use client";

import { FormAlert } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** The policy's status as a switch: on or off, saved at once. */
export function StatusSwitch({
  policyId,
  enabled,
  readOnly,
  action,
}: {
  policyId: string;
  enabled: boolean;
  readOnly: boolean;
  action: ClientAction<FormData, { enabled: boolean }>;
}) {
  const { run, pending, formError } = useAdminAction(action, { success: (d) => (d.enabled ? "Policy turned on" : "Policy turned off") });
  return (
    <div>
      <FormAlert message={formError} />
      <div className="flex items-center gap-3">
        <span id="status-label" className="font-semibold">
          Status
        </span>
        <button
          type="button"
          role="switch"
          aria-checked={enabled}
          aria-labelledby="status-label"
          aria-describedby="status-hint"
          disabled={readOnly || pending}
          onClick={() => {
            const fd = new FormData();
            fd.set("policyId", policyId);
            fd.set("enabled", String(!enabled));
            run(fd);
          }}
          className={`relative inline-flex h-5 w-10 shrink-0 items-center rounded-full border transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${
            enabled ? "border-brand bg-brand" : "border-ink-3 bg-white"
          }`}
        >
          <span
            aria-hidden="true"
            className={`inline-block size-3 rounded-full transition-transform ${enabled ? "translate-x-5 bg-white" : "translate-x-1 bg-ink-3"}`}
          />
        </button>
        <span aria-hidden="true" data-testid="status-text">
          {enabled ? "On" : "Off"}
        </span>
      </div>
      <p id="status-hint" className="mt-1 text-ink-3">
        {enabled ? "People get a license from this policy when they need one." : "Off: nobody gets a license from this policy until you turn it on again."}
      </p>
    </div>
  );
}
