"use client";

import { useState } from "react";
import { SingleFieldForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** The optional group that people who claim a license are added to. */
export function GroupForm({
  policyId,
  groupId,
  groups,
  readOnly,
  action,
}: {
  policyId: string;
  groupId: string | null;
  groups: { id: string; displayName: string }[];
  readOnly: boolean;
  action: ClientAction<FormData, unknown>;
}) {
  const [value, setValue] = useState(groupId ?? "");
  const { run, pending, fieldError, formError } = useAdminAction(action, { success: () => "Group saved" });
  const error = fieldError("groupId");
  return (
    <SingleFieldForm
      run={run}
      formError={formError}
      hidden={{ policyId }}
      id="policy-group"
      field="groupId"
      label="Add users to a group (optional)"
      hint="People who claim a license through this policy are added to this group."
      error={error}
      submitLabel="Save group"
      disabled={readOnly || pending}
    >
      {(control) => (
        <select {...control} name="groupId" value={value} disabled={readOnly} onChange={(e) => setValue(e.target.value)}>
          <option value="">None</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.displayName}
            </option>
          ))}
        </select>
      )}
    </SingleFieldForm>
  );
}
