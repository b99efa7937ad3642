"use client";

import { useState } from "react";
import { POLICY_NAME_MAX } from "@/server/domain/policies/schema";
import { buttonClass, describedBy, errorId, FieldError, FormAlert, inputClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

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
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState(name);
  // A rename saved elsewhere (or by this form) becomes the field's value.
  if (saved !== name) {
    setSaved(name);
    setValue(name);
  }
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, { success: (d) => `Policy renamed “${d.name}”` });
  const error = fieldError("name");
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run(new FormData(e.currentTarget));
      }}
      className="max-w-md"
    >
      <FormAlert message={formError} />
      <input type="hidden" name="policyId" value={policyId} />
      <label htmlFor="policy-name" className="font-semibold">
        Name
      </label>
      <p id="policy-name-hint" className="text-ink-3">
        Unique in your organization, up to {POLICY_NAME_MAX} characters.
      </p>
      <div className="mt-1 flex gap-2">
        <input
          id="policy-name"
          name="name"
          type="text"
          autoComplete="off"
          value={value}
          disabled={readOnly}
          onChange={(e) => {
            setValue(e.target.value);
            reset();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("policy-name-hint", error && errorId("name"))}
          className={inputClass}
        />
        <button type="submit" disabled={readOnly || pending} className={buttonClass("secondary")}>
          Save name
        </button>
      </div>
      <FieldError field="name" message={error} />
    </form>
  );
}
