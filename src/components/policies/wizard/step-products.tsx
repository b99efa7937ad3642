import { AUTO_CLAIM_APP_LABELS, POLICY_APPS, policyAlreadyExistsMessage, type PolicyOptions } from "@/server/domain/policies/schema";
import { Field } from "@/components/ui/form";
import type { WizardDraft } from "./draft";
import { ScopeChoice } from "../scope-choice";
import { ProductRows } from "./product-rows";
import { setting, type StepProps } from "./step-props";
import type { DraftErrors } from "./validate";

/** Step 2: the auto-claim app, its products in order (primary, then backups), the optional group, and where it applies. */
export function StepProducts({
  draft,
  errors,
  readOnly,
  update,
  options,
  setErrors,
  showErrors,
}: StepProps & {
  options: PolicyOptions;
  /** Shows these messages. */
  setErrors: (errors: DraftErrors) => void;
  /** Shows these messages and focuses the first field they are about. */
  showErrors: (errors: DraftErrors) => void;
}) {
  const productsOfApp = options.products.filter((p) => p.app === draft.app);
  return (
    <div className="space-y-6">
      <Field id="policy-app" field="app" label="Auto-claim app" hint="Users who open this kind of app get a license automatically." error={errors.app}>
        {(control) => (
          <select
            {...control}
            name="app"
            value={draft.app}
            disabled={readOnly}
            onChange={(e) => {
              const app = e.target.value as WizardDraft["app"];
              update((d) => ({ ...d, app, products: app ? [{ productId: "", enabledPlanIds: [] }] : [] }));
              const taken = options.policies.find((p) => p.app === app);
              if (app && taken) setErrors({ app: policyAlreadyExistsMessage(app, taken.name) });
            }}
          >
            <option value="">Select an app</option>
            {POLICY_APPS.map((app) => (
              <option key={app} value={app}>
                {AUTO_CLAIM_APP_LABELS[app]}
              </option>
            ))}
          </select>
        )}
      </Field>

      <ProductRows
        draft={draft}
        errors={errors}
        readOnly={readOnly}
        productsOfApp={productsOfApp}
        onChange={(products) => update((d) => ({ ...d, products }))}
        onError={showErrors}
      />

      <Field
        id="policy-group"
        field="groupId"
        label="Add users to a group (optional)"
        hint="People who claim a license through this policy are added to this group."
        error={errors.groupId}
      >
        {(control) => (
          <select {...control} name="groupId" value={draft.groupId} disabled={readOnly} onChange={(e) => update(setting("groupId", e.target.value))}>
            <option value="">None</option>
            {options.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.displayName}
              </option>
            ))}
          </select>
        )}
      </Field>

      <fieldset aria-describedby="policy-scope-hint">
        <legend className="font-semibold">Where it applies</legend>
        <p id="policy-scope-hint" className="text-ink-3">
          Which environments&apos; apps can claim a license through this policy.
        </p>
        <ScopeChoice
          value={draft.scope ?? "ALL_ENVIRONMENTS"}
          onChange={(scope) => update(setting("scope", scope))}
          disabled={readOnly}
          idPrefix="policy-scope"
        />
      </fieldset>
    </div>
  );
}
