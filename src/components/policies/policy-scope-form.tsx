"use client";

import { useState } from "react";
import type { PolicyScope } from "@/generated/prisma/enums";
import { SCOPE_LABELS, SCOPE_OPTIONS } from "@/server/domain/policies/schema";
import { buttonClass, describedBy, errorId, FieldError } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** One policy's scope: All environments or Managed environments, then Save. */
export function PolicyScopeForm({
  policyId,
  name,
  appLabel,
  scope,
  readOnly,
  action,
}: {
  policyId: string;
  name: string;
  appLabel: string;
  scope: PolicyScope;
  readOnly: boolean;
  action: ClientAction<FormData, { scope: PolicyScope; changed: string[] }>;
}) {
  const [value, setValue] = useState<PolicyScope>(scope);
  const [stored, setStored] = useState(scope);
  if (stored !== scope) {
    setStored(scope);
    setValue(scope);
  }
  const { run, pending, fieldError, formError } = useAdminAction(action, {
    success: (d) => (d.changed.length === 0 ? "No changes to save" : `“${name}” now applies to ${SCOPE_LABELS[d.scope].toLowerCase()}`),
  });
  const error = fieldError("scope");
  return (
    <AdminForm run={run} formError={formError} className="rounded-md border border-line bg-white p-5 shadow-sm" testId="policy-scope">
      <input type="hidden" name="policyId" value={policyId} />
      <fieldset aria-describedby={describedBy(error && errorId("scope"))}>
        <legend className="font-semibold">{name}</legend>
        <p className="text-ink-3">{appLabel} auto-claim policy. Where does it apply?</p>
        <div className="mt-3 space-y-2">
          {SCOPE_OPTIONS.map((s) => (
            <label key={s.value} className="flex items-start gap-2">
              <input
                type="radio"
                name="scope"
                value={s.value}
                checked={value === s.value}
                disabled={readOnly || pending}
                onChange={() => setValue(s.value)}
                aria-describedby={`scope-${policyId}-${s.value}`}
                className="mt-0.5 size-4 accent-brand"
              />
              <span>
                {s.label}
                <span id={`scope-${policyId}-${s.value}`} className="block text-ink-3">
                  {s.hint}
                </span>
              </span>
            </label>
          ))}
        </div>
        <FieldError field="scope" message={error} />
      </fieldset>
      <button type="submit" disabled={readOnly || pending} className={buttonClass("primary", "mt-4")}>
        Save<span className="sr-only"> the scope of {name}</span>
      </button>
    </AdminForm>
  );
}
