import { POLICY_NAME_MAX } from "@/server/domain/policies/schema";
import { Field } from "@/components/ui/form";
import { setting, type StepProps } from "./step-props";

/** Step 1: the policy's name. */
export function StepName({ draft, errors, readOnly, update }: StepProps) {
  return (
    <Field
      id="policy-name"
      field="name"
      label="Name"
      hint={`A name that is unique in your organization, up to ${POLICY_NAME_MAX} characters.`}
      error={errors.name}
    >
      {(control) => (
        <input
          {...control}
          name="name"
          type="text"
          autoComplete="off"
          value={draft.name}
          disabled={readOnly}
          onChange={(e) => update(setting("name", e.target.value))}
        />
      )}
    </Field>
  );
}
