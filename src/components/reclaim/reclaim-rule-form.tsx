"use client";

import { AdminForm } from "@/components/ui/admin-form";
import { buttonClass, checkboxClass, Field, inputClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import { RECLAIM_LIMITS } from "@/server/domain/reclaim/schema";

export interface ReclaimRuleFormValues {
  policyId: string;
  enabled: boolean;
  inactivityDays: number;
  graceDays: number;
  noticeDays: number;
  capPercent: number;
  allowUsers: string;
  allowGroupIds: string[];
}

const NUMBERS = [
  [
    "inactivityDays",
    "Release after (days without a covered launch)",
    "The license counts as used when its holder opens an app the policy covers, or chooses Keep it.",
  ],
  ["graceDays", "Grace for new claims (days)", "A license claimed more recently than this is never released."],
  ["noticeDays", "Notice before release (days)", "The holder is told this many days before; Keep it or any covered launch cancels the notice."],
  ["capPercent", "Most released in one run (% of purchased units)", "The rest waits for the next run, longest idle first."],
] as const;

/** The reclaim rule of a policy: on/off, the thresholds, the allowlist; saving puts it back in report only. */
export function ReclaimRuleForm({
  values,
  groups,
  readOnly,
  action,
}: {
  values: ReclaimRuleFormValues;
  groups: { id: string; displayName: string }[];
  readOnly: boolean;
  action: ClientAction<FormData, { changed: boolean }>;
}) {
  const { run, pending, fieldError, formError } = useAdminAction(action, {
    success: (d) => (d.changed ? "Reclaim rule saved: report only until you switch it to enforce" : "No changes to save"),
  });
  const off = readOnly || pending;
  return (
    <AdminForm run={run} formError={formError} noValidate className="grid gap-4">
      <input type="hidden" name="policyId" value={values.policyId} />
      <label className="flex items-start gap-2">
        <input type="checkbox" name="enabled" defaultChecked={values.enabled} disabled={off} className={`${checkboxClass} mt-0.5`} />
        <span>
          <span className="font-semibold">Release auto-claimed licenses that go unused</span>
          <span className="block text-ink-3">Only licenses this policy claimed; never ones assigned directly or through a group.</span>
        </span>
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        {NUMBERS.map(([field, label, hint]) => (
          <Field
            key={field}
            id={`reclaim-${field}`}
            field={field}
            label={label}
            hint={`${hint} From ${RECLAIM_LIMITS[field][0]} to ${RECLAIM_LIMITS[field][1]}.`}
            error={fieldError(field)}
          >
            {(control) => (
              <input
                {...control}
                name={field}
                type="number"
                inputMode="numeric"
                min={RECLAIM_LIMITS[field][0]}
                max={RECLAIM_LIMITS[field][1]}
                defaultValue={values[field]}
                disabled={readOnly}
                className={`${inputClass} mt-1 w-32`}
              />
            )}
          </Field>
        ))}
      </div>
      <Field
        id="reclaim-allowUsers"
        field="allowUsers"
        label="People never reclaimed from"
        hint="User principal names, one per line."
        error={fieldError("allowUsers")}
      >
        {(control) => (
          <textarea
            {...control}
            name="allowUsers"
            rows={3}
            defaultValue={values.allowUsers}
            disabled={readOnly}
            className={`${inputClass} mt-1 w-full max-w-xl font-mono`}
          />
        )}
      </Field>
      <Field
        id="reclaim-allowGroupIds"
        field="allowGroupIds"
        label="Groups never reclaimed from"
        hint="Their members keep their licenses. Hold Ctrl (or ⌘) to choose several."
        error={fieldError("allowGroupIds")}
      >
        {(control) => (
          <select
            {...control}
            name="allowGroupIds[]"
            multiple
            defaultValue={values.allowGroupIds}
            disabled={readOnly}
            className={`${inputClass} mt-1 h-28 w-full max-w-xl`}
          >
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.displayName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div>
        <button type="submit" disabled={off} className={buttonClass("primary")}>
          {pending ? "Saving…" : "Save rule"}
        </button>
      </div>
    </AdminForm>
  );
}
