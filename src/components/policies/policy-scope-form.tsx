"use client";

import { useState } from "react";
import type { PolicyScope } from "@/generated/prisma/enums";
import { SCOPE_LABELS } from "@/server/domain/policies/schema";
import { buttonClass, describedBy, errorId, FieldError } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import { ScopeChoice } from "./scope-choice";

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
        <ScopeChoice value={value} onChange={setValue} disabled={readOnly || pending} idPrefix={`scope-${policyId}`} />
        <FieldError field="scope" message={error} />
      </fieldset>
      <button type="submit" disabled={readOnly || pending} className={buttonClass("primary", "mt-4")}>
        Save<span className="sr-only"> the scope of {name}</span>
      </button>
    </AdminForm>
  );
}
