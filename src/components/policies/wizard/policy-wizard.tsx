"use client";

/**
 * The add-a-policy wizard (SPEC §5): four steps with a step rail, Back / Next, each step validated
 * before moving on, nothing written before "Create policy", then a confirmation. The draft lives in
 * the address (useWizardHistory; ADR 0006), so that reload, Back and Forward keep it; each step is
 * its own component (step-*.tsx); validation is validate.ts, shared with the server's schema.
 */
import Link from "next/link";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import type { ServerAction } from "@/server/action";
import type { CreatePolicyDraft, PolicyOptions, SimulatePolicyInput, SimulationView } from "@/server/domain/policies/schema";
import { buttonClass, FormAlert } from "@/components/ui/form";
import { POLICIES_HREF, STEPS, type Step, type WizardDraft } from "./draft";
import { fieldElementId, focusSoon, useHeadingFocus } from "./focus";
import { PolicyCreated } from "./policy-created";
import { StepName } from "./step-name";
import { StepPlans } from "./step-plans";
import { StepProducts } from "./step-products";
import type { StepProps } from "./step-props";
import { StepRail } from "./step-rail";
import { StepReview } from "./step-review";
import { useWizardHistory, type CreatedPolicy } from "./use-wizard-history";
import { firstInvalidStep, stepErrors, validateDraft, type DraftErrors } from "./validate";

interface Props {
  options: PolicyOptions;
  initialDraft: WizardDraft;
  initialStep: Step;
  created: CreatedPolicy | null;
  readOnly: boolean;
  createAction: ServerAction<CreatePolicyDraft, CreatedPolicy>;
  simulateAction: ServerAction<SimulatePolicyInput, SimulationView>;
}

export function PolicyWizard({ options, initialDraft, initialStep, created: initialCreated, readOnly, createAction, simulateAction }: Props) {
  const context = useMemo(() => ({ policies: options.policies, products: options.products }), [options]);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { step, setStep, draft, setDraft, created, finish } = useWizardHistory({ initialStep, initialDraft, initialCreated, context, onReturn });
  const [headingRef, heading] = useHeadingFocus(step, created);

  /** Back / Forward brought the wizard to another entry: its messages go, its heading takes focus. */
  function onReturn() {
    setErrors({});
    setFormError(null);
    heading.afterMove();
  }

  function goTo(next: Step) {
    heading.afterMove();
    setFormError(null);
    setStep(next);
    if (next === step) heading.now();
  }

  function update(change: (d: WizardDraft) => WizardDraft) {
    setDraft((d) => change(d));
    setErrors({});
    setFormError(null);
  }

  function showErrors(found: DraftErrors) {
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) focusSoon(fieldElementId(first));
  }

  function next() {
    const found = stepErrors(validateDraft(draft, context), step);
    if (Object.keys(found).length > 0) return showErrors(found);
    setErrors({});
    goTo((step + 1) as Step);
  }

  function create() {
    const all = validateDraft(draft, context);
    const bad = firstInvalidStep(all);
    if (bad !== null) {
      setErrors(stepErrors(all, bad));
      goTo(bad);
      return;
    }
    startTransition(async () => {
      const result = await createAction(draft as CreatePolicyDraft); // "" app: the server answers with the field error
      if (result.ok) {
        toast.success(`Policy “${result.data.name}” created`);
        finish(result.data);
        return;
      }
      const found: DraftErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([field, messages]) => [field, messages[0]]));
      const at = firstInvalidStep(found);
      if (at === null) {
        setFormError(result.error);
        return;
      }
      setErrors(stepErrors(found, at));
      goTo(at);
    });
  }

  if (created) return <PolicyCreated created={created} />;

  const stepProps: StepProps = { draft, errors, readOnly, update };
  return (
    <div className="grid max-w-5xl gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
      <StepRail step={step} onGo={goTo} disabled={readOnly || pending} />

      <section aria-labelledby="step-heading" className="min-w-0 rounded-md border border-line bg-white p-6 shadow-sm">
        <p className="text-xs text-ink-3">
          Step {step} of {STEPS.length}
        </p>
        <h2 id="step-heading" ref={headingRef} tabIndex={-1} className="mt-1 text-lg font-semibold">
          {STEPS[step - 1].title}
        </h2>

        <form
          noValidate
          className="mt-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (readOnly || pending) return;
            if (step < 4) next();
            else create();
          }}
        >
          <FormAlert message={formError} />

          {step === 1 && <StepName {...stepProps} />}
          {step === 2 && <StepProducts {...stepProps} options={options} setErrors={setErrors} showErrors={showErrors} />}
          {step === 3 && <StepPlans {...stepProps} products={options.products} />}
          {step === 4 && (
            <StepReview
              draft={draft}
              options={options}
              onEdit={goTo}
              onStatus={(status) => update((d) => ({ ...d, status }))}
              readOnly={readOnly || pending}
              simulateAction={readOnly ? null : simulateAction}
            />
          )}

          <div className="mt-8 flex flex-wrap items-center gap-2 border-t border-line pt-4">
            {step > 1 && (
              <button type="button" onClick={() => goTo((step - 1) as Step)} disabled={readOnly || pending} className={buttonClass("secondary")}>
                Back
              </button>
            )}
            <button type="submit" disabled={readOnly || pending} className={buttonClass("primary")}>
              {step < 4 ? "Next" : pending ? "Creating policy…" : "Create policy"}
            </button>
            <Link href={POLICIES_HREF} className={buttonClass("subtle", "ml-auto")}>
              Cancel
            </Link>
          </div>
        </form>
      </section>
    </div>
  );
}
