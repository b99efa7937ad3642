"use client";

import { useState } from "react";
import { POLICY_STATUS_HINTS, POLICY_STATUS_LABELS, POLICY_STATUSES, type PolicyStatus } from "@/server/domain/policies/schema";
import { describedBy, errorId, FieldError, FormAlert } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

const SAVED: Record<PolicyStatus, string> = { ON: "Policy turned on", REPORT_ONLY: "Policy in report only", OFF: "Policy turned off" };

/** The policy's status as a three-way choice — On, Report only, Off — each explained, saved at once. */
export function StatusSwitch({
  policyId,
  status,
  readOnly,
  action,
}: {
  policyId: string;
  status: PolicyStatus;
  readOnly: boolean;
  action: ClientAction<FormData, { status: PolicyStatus }>;
}) {
  // The choice shows at once; a refusal puts the saved status back (the page re-keys this on a change).
  const [selected, setSelected] = useState<PolicyStatus>(status);
  const { run, pending, formError, fieldError } = useAdminAction(action, { success: (d) => SAVED[d.status], onFailure: () => setSelected(status) });
  const error = fieldError("status");
  return (
    <div>
      <FormAlert message={formError} />
      <fieldset aria-describedby={describedBy(error && errorId("status"))}>
        <legend className="sr-only">Status</legend>
        <div className="space-y-2">
          {POLICY_STATUSES.map((s) => (
            <label key={s} className="flex items-start gap-2">
              <input
                type="radio"
                name={`status-${policyId}`}
                value={s}
                checked={selected === s}
                disabled={readOnly || pending}
                onChange={() => {
                  setSelected(s);
                  const fd = new FormData();
                  fd.set("policyId", policyId);
                  fd.set("status", s);
                  run(fd);
                }}
                aria-labelledby={`status-label-${s}`}
                aria-describedby={`status-hint-${s}`}
                className="mt-0.5 size-4 accent-brand"
              />
              <span>
                <span id={`status-label-${s}`} className="font-semibold">
                  {POLICY_STATUS_LABELS[s]}
                </span>
                <span id={`status-hint-${s}`} className="block text-ink-3">
                  {POLICY_STATUS_HINTS[s]}
                </span>
              </span>
            </label>
          ))}
        </div>
        <FieldError field="status" message={error} />
      </fieldset>
    </div>
  );
}
