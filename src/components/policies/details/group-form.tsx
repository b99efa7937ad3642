"use client";

import { useState } from "react";
import { buttonClass, describedBy, errorId, FieldError, FormAlert, inputClass } from "@/components/ui/form";
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
    <form
      onSubmit={(e) => {
        e.preventDefault();
        run(new FormData(e.currentTarget));
      }}
      className="max-w-md"
    >
      <FormAlert message={formError} />
      <input type="hidden" name="policyId" value={policyId} />
      <label htmlFor="policy-group" className="font-semibold">
        Add users to a group (optional)
      </label>
      <p id="policy-group-hint" className="text-ink-3">
        People who claim a license through this policy are added to this group.
      </p>
      <div className="mt-1 flex gap-2">
        <select
          id="policy-group"
          name="groupId"
          value={value}
          disabled={readOnly}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("policy-group-hint", error && errorId("groupId"))}
          className={inputClass}
        >
          <option value="">None</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.displayName}
            </option>
          ))}
        </select>
        <button type="submit" disabled={readOnly || pending} className={buttonClass("secondary")}>
          Save group
        </button>
      </div>
      <FieldError field="groupId" message={error} />
    </form>
  );
}
