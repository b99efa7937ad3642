"use client";

import { POLICY_NAME_MAX } from "@/server/domain/policies/schema";
import { SingleFieldForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import { useSyncedValue } from "@/components/ui/use-synced-value";

/** Rename: the name field and Save name; a clash or a bad length shows beside the field. */
export function RenameForm({
  policyId,
  name,
  readOnly,
  action,
}: {
  policyId: string;
  name: string;
  readOnly: boolean;
  action: ClientAction<FormData, { name: string }>;
}) {
  // A rename saved elsewhere (or by this form) becomes the field's value.
  const [value, setValue] = useSyncedValue(name);
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, { success: (d) => `Policy renamed “${d.name}”` });
  const error = fieldError("name");
  return (
    <SingleFieldForm
      run={run}
      formError={formError}
      noValidate
      hidden={{ policyId }}
      id="policy-name"
      field="name"
      label="Name"
      hint={`Unique in your organization, up to ${POLICY_NAME_MAX} characters.`}
      error={error}
      submitLabel="Save name"
      disabled={readOnly || pending}
    >
      {(control) => (
        <input
          {...control}
          name="name"
          type="text"
          autoComplete="off"
          value={value}
          disabled={readOnly}
          onChange={(e) => {
            setValue(e.target.value);
            reset();
          }}
        />
      )}
    </SingleFieldForm>
  );
}
