"use client";

/**
 * The add-a-policy wizard (SPEC §5): four steps with a step rail, Back / Next, each step validated
 * before moving on, nothing written before "Create policy", then a confirmation. The draft lives in
 * the address (draft.ts; ADR 0006): every edit replaces the current history entry, every step
 * change pushes one, so that reload, Back and Forward keep the draft. Browser Back/Forward move
 * between steps and keep the latest edits.
 */
import Link from "next/link";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import type { AutoClaimApp } from "@/generated/prisma/enums";
import type { ServerAction } from "@/server/action";
import {
  AUTO_CLAIM_APP_LABELS,
  MAX_BACKUP_PRODUCTS,
  MAX_POLICY_PRODUCTS,
  MESSAGES,
  POLICY_APPS,
  POLICY_NAME_MAX,
  policyAlreadyExistsMessage,
  SCOPE_LABELS,
  type CreatePolicyDraft,
} from "@/server/domain/policies/schema";
import type { PolicyOptions } from "@/server/domain/policies/service";
import { buttonClass, checkboxClass, describedBy, errorId, FieldError, FormAlert, inputClass } from "@/components/ui/form";
import { decodeDraft, parseStep, STEPS, wizardSearch, type Step, type WizardDraft } from "./draft";
import { firstInvalidStep, stepErrors, validateDraft, type DraftErrors } from "./validate";

const LIST_HREF = "/billing/licenses/auto-claim";
const WIZARD_PATH = "/billing/licenses/auto-claim/new";

/** Writes the wizard's state to the address — only while the address is still the wizard's (never after leaving it). */
function writeUrl(mode: "push" | "replace", search: string) {
  if (window.location.pathname !== WIZARD_PATH) return;
  window.history[mode === "push" ? "pushState" : "replaceState"](null, "", `${WIZARD_PATH}${search}`);
}

interface Props {
  options: PolicyOptions;
  initialDraft: WizardDraft;
  initialStep: Step;
  created: { id: string; name: string } | null;
  readOnly: boolean;
  createAction: ServerAction<CreatePolicyDraft, { id: string; name: string }>;
}

/** The element that holds a field, to focus when its step has an error. */
function fieldElementId(field: string): string {
  if (field === "name") return "policy-name";
  if (field === "app") return "policy-app";
  if (field === "groupId") return "policy-group";
  if (field === "products") return "add-backup";
  const product = /^products\.(\d+)\.productId$/.exec(field);
  if (product) return `product-${product[1]}`;
  const plans = /^products\.(\d+)\.enabledPlanIds/.exec(field);
  if (plans) return `plans-${plans[1]}-0`;
  return "step-heading";
}

/** Focuses the first of these elements that exists and is enabled, after the next paint. */
function focusSoon(...ids: string[]) {
  requestAnimationFrame(() => {
    for (const id of ids) {
      const el = document.getElementById(id) as HTMLElement | null;
      if (el && !(el as HTMLButtonElement).disabled) {
        el.focus();
        return;
      }
    }
  });
}

function fromLocation(): { step: Step; draft: WizardDraft } | null {
  if (typeof window === "undefined") return null;
  const params = new URLSearchParams(window.location.search);
  if (!params.has("draft")) return null;
  return { step: parseStep(params.get("step")), draft: decodeDraft(params.get("draft")) };
}

export function PolicyWizard({ options, initialDraft, initialStep, created: initialCreated, readOnly, createAction }: Props) {
  const context = useMemo(() => ({ policies: options.policies, products: options.products }), [options]);
  // In the browser the address is the truth: a page restored from the router cache may carry older props.
  const [initial] = useState(() => {
    const here = fromLocation() ?? { step: initialStep, draft: initialDraft };
    const bad = firstInvalidStep(validateDraft(here.draft, context));
    return { draft: here.draft, step: (bad !== null && bad < here.step ? bad : here.step) as Step };
  });
  const [draft, setDraft] = useState<WizardDraft>(initial.draft);
  const [step, setStep] = useState<Step>(initial.step);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState(initialCreated);
  const [pending, startTransition] = useTransition();
  const moved = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Keep the address in step with the wizard: a new entry per step, the current one replaced per edit.
  useEffect(() => {
    if (created) return;
    const search = wizardSearch(step, draft);
    if (window.location.search === search) return;
    const params = new URLSearchParams(window.location.search);
    if (!params.has("draft")) {
      writeUrl("replace", search); // the first write, at once
      return;
    }
    const urlStep = parseStep(params.get("step"));
    if (urlStep !== step) {
      writeUrl("replace", wizardSearch(urlStep, draft)); // the step being left keeps the latest draft
      writeUrl("push", search);
      return;
    }
    // At once, not debounced: a write queued behind a navigation away (Cancel, a nav link) would bring the wizard back.
    writeUrl("replace", search);
  }, [step, draft, created]);

  // Browser Back / Forward: go to the entry's step, keeping the latest draft.
  useEffect(() => {
    function onPopState() {
      const params = new URLSearchParams(window.location.search);
      if (params.get("created") && created && params.get("created") === created.id) return;
      const wanted = parseStep(params.get("step"));
      const bad = firstInvalidStep(validateDraft(draft, context));
      setCreated(null);
      setErrors({});
      setFormError(null);
      setStep(bad !== null && bad < wanted ? bad : wanted);
      moved.current = true;
    }
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, [context, created, draft]);

  // Focus the new step's heading (or the confirmation) after moving.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    headingRef.current?.focus();
  }, [step, created]);

  function goTo(next: Step) {
    moved.current = true;
    setFormError(null);
    setStep(next);
    if (next === step) headingRef.current?.focus();
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
        writeUrl("replace", `?${new URLSearchParams({ created: result.data.id })}`);
        moved.current = true;
        setCreated(result.data);
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

  if (created) {
    return (
      <section aria-labelledby="created-heading" className="max-w-2xl rounded-md border border-line bg-white p-6 shadow-sm" data-testid="policy-created">
        <h2 id="created-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          <span aria-hidden="true" className="mr-2 text-success">✓</span>
          Policy created
        </h2>
        <p className="mt-2 text-ink-2">
          “{created.name}” is on. It applies to managed environments; you can widen it to all environments in Power Platform › Settings › Licenses.
        </p>
        <div className="mt-6 flex flex-wrap gap-2">
          <Link href={LIST_HREF} className={buttonClass("primary")}>
            Back to auto-claim policies
          </Link>
          <Link href={`${LIST_HREF}/${created.id}`} className={buttonClass("secondary")}>
            View policy
          </Link>
        </div>
      </section>
    );
  }

  const current = STEPS[step - 1];
  const productsOfApp = options.products.filter((p) => p.app === draft.app);
  const productById = (id: string) => options.products.find((p) => p.id === id);

  return (
    <div className="grid max-w-5xl gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
      <nav aria-label="Add a policy steps">
        <ol className="space-y-1">
          {STEPS.map((s) => {
            const done = s.step < step;
            const here = s.step === step;
            const body = (
              <>
                <span
                  aria-hidden="true"
                  className={`grid size-6 shrink-0 place-items-center rounded-full border text-xs font-semibold ${
                    here ? "border-brand bg-brand text-white" : done ? "border-brand text-brand" : "border-line-strong text-ink-3"
                  }`}
                >
                  {done ? "✓" : s.step}
                </span>
                <span>
                  {done && <span className="sr-only">Completed: </span>}
                  {s.title}
                </span>
              </>
            );
            return (
              <li key={s.step} aria-current={here ? "step" : undefined}>
                {done ? (
                  <button type="button" onClick={() => goTo(s.step)} disabled={readOnly || pending} className="flex w-full items-start gap-2 rounded px-2 py-1.5 text-left text-ink-2 hover:bg-white">
                    {body}
                  </button>
                ) : (
                  <span className={`flex items-start gap-2 px-2 py-1.5 ${here ? "font-semibold text-ink" : "text-ink-3"}`}>{body}</span>
                )}
              </li>
            );
          })}
        </ol>
      </nav>

      <section aria-labelledby="step-heading" className="min-w-0 rounded-md border border-line bg-white p-6 shadow-sm">
        <p className="text-xs text-ink-3">
          Step {step} of {STEPS.length}
        </p>
        <h2 id="step-heading" ref={headingRef} tabIndex={-1} className="mt-1 text-lg font-semibold">
          {current.title}
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

          {step === 1 && (
            <div className="max-w-md">
              <label htmlFor="policy-name" className="font-semibold">
                Name
              </label>
              <p id="policy-name-hint" className="text-ink-3">
                A name that is unique in your organization, up to {POLICY_NAME_MAX} characters.
              </p>
              <input
                id="policy-name"
                name="name"
                type="text"
                autoComplete="off"
                value={draft.name}
                disabled={readOnly}
                onChange={(e) => {
                  const name = e.target.value;
                  update((d) => ({ ...d, name }));
                }}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={describedBy("policy-name-hint", errors.name && errorId("name"))}
                className={`${inputClass} mt-1`}
              />
              <FieldError field="name" message={errors.name} />
            </div>
          )}

          {step === 2 && (
            <div className="space-y-6">
              <div className="max-w-md">
                <label htmlFor="policy-app" className="font-semibold">
                  Auto-claim app
                </label>
                <p id="policy-app-hint" className="text-ink-3">
                  Users who open this kind of app get a license automatically.
                </p>
                <select
                  id="policy-app"
                  name="app"
                  value={draft.app}
                  disabled={readOnly}
                  onChange={(e) => {
                    const app = e.target.value as WizardDraft["app"];
                    update((d) => ({ ...d, app, products: app ? [{ productId: "", enabledPlanIds: [] }] : [] }));
                    const taken = options.policies.find((p) => p.app === app);
                    if (app && taken) setErrors({ app: policyAlreadyExistsMessage(app, taken.name) });
                  }}
                  aria-invalid={errors.app ? true : undefined}
                  aria-describedby={describedBy("policy-app-hint", errors.app && errorId("app"))}
                  className={`${inputClass} mt-1`}
                >
                  <option value="">Select an app</option>
                  {POLICY_APPS.map((app) => (
                    <option key={app} value={app}>
                      {AUTO_CLAIM_APP_LABELS[app]}
                    </option>
                  ))}
                </select>
                <FieldError field="app" message={errors.app} />
              </div>

              <ProductRows
                draft={draft}
                errors={errors}
                readOnly={readOnly}
                productsOfApp={productsOfApp}
                onChange={(products) => update((d) => ({ ...d, products }))}
                onError={showErrors}
              />

              <div className="max-w-md">
                <label htmlFor="policy-group" className="font-semibold">
                  Add users to a group (optional)
                </label>
                <p id="policy-group-hint" className="text-ink-3">
                  People who claim a license through this policy are added to this group.
                </p>
                <select
                  id="policy-group"
                  name="groupId"
                  value={draft.groupId}
                  disabled={readOnly}
                  onChange={(e) => {
                    const groupId = e.target.value;
                    update((d) => ({ ...d, groupId }));
                  }}
                  aria-invalid={errors.groupId ? true : undefined}
                  aria-describedby={describedBy("policy-group-hint", errors.groupId && errorId("groupId"))}
                  className={`${inputClass} mt-1`}
                >
                  <option value="">None</option>
                  {options.groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.displayName}
                    </option>
                  ))}
                </select>
                <FieldError field="groupId" message={errors.groupId} />
              </div>
            </div>
          )}

          {step === 3 && (
            <div className="space-y-5">
              <p className="max-w-2xl text-ink-2">Choose the apps (service plans) that are turned on in each license this policy assigns. At least one stays on.</p>
              {draft.products.map((row, i) => {
                const product = productById(row.productId);
                if (!product) return null;
                const field = `products.${i}.enabledPlanIds`;
                return (
                  <fieldset key={i} aria-describedby={describedBy(errors[field] && errorId(field))} className="max-w-xl rounded border border-line p-4">
                    <legend className="px-1 font-semibold">
                      {product.displayName} <span className="font-normal text-ink-3">({i === 0 ? "primary product" : `backup product ${i}`})</span>
                    </legend>
                    <ul className="mt-1 space-y-2">
                      {product.servicePlans.map((plan, j) => {
                        const on = row.enabledPlanIds.includes(plan.servicePlanId);
                        return (
                          <li key={plan.servicePlanId}>
                            <label className="flex items-center gap-2">
                              <input
                                id={`plans-${i}-${j}`}
                                type="checkbox"
                                checked={on}
                                disabled={readOnly}
                                className={checkboxClass}
                                aria-invalid={errors[field] ? true : undefined}
                                onChange={() =>
                                  update((d) => ({
                                    ...d,
                                    products: d.products.map((p, k) =>
                                      k !== i
                                        ? p
                                        : { ...p, enabledPlanIds: on ? p.enabledPlanIds.filter((id) => id !== plan.servicePlanId) : product.servicePlans.map((s) => s.servicePlanId).filter((id) => id === plan.servicePlanId || p.enabledPlanIds.includes(id)) },
                                    ),
                                  }))
                                }
                              />
                              {plan.displayName}
                            </label>
                          </li>
                        );
                      })}
                    </ul>
                    <FieldError field={field} message={errors[field]} />
                  </fieldset>
                );
              })}
            </div>
          )}

          {step === 4 && <Review draft={draft} options={options} onEdit={goTo} readOnly={readOnly || pending} />}

          <div className="mt-8 flex flex-wrap items-center gap-2 border-t border-line pt-4">
            {step > 1 && (
              <button type="button" onClick={() => goTo((step - 1) as Step)} disabled={readOnly || pending} className={buttonClass("secondary")}>
                Back
              </button>
            )}
            <button type="submit" disabled={readOnly || pending} className={buttonClass("primary")}>
              {step < 4 ? "Next" : pending ? "Creating policy…" : "Create policy"}
            </button>
            <Link href={LIST_HREF} className={buttonClass("subtle", "ml-auto")}>
              Cancel
            </Link>
          </div>
        </form>
      </section>
    </div>
  );
}

function ProductRows({
  draft,
  errors,
  readOnly,
  productsOfApp,
  onChange,
  onError,
}: {
  draft: WizardDraft;
  errors: DraftErrors;
  readOnly: boolean;
  productsOfApp: PolicyOptions["products"];
  onChange: (products: WizardDraft["products"]) => void;
  onError: (errors: DraftErrors) => void;
}) {
  const rows = draft.products.length > 0 ? draft.products : [{ productId: "", enabledPlanIds: [] }];
  const chosen = new Set(rows.map((r) => r.productId).filter(Boolean));
  const appLabel = draft.app ? AUTO_CLAIM_APP_LABELS[draft.app as AutoClaimApp] : null;
  // Rows are keyed by product, so that a moved row keeps its focus; repeats and empty rows by place.
  const keys = rows.map((r, i) => (r.productId && rows.findIndex((q) => q.productId === r.productId) === i ? r.productId : `row-${i}`));

  function setRow(i: number, productId: string) {
    const product = productsOfApp.find((p) => p.id === productId);
    onChange(rows.map((r, k) => (k === i ? { productId, enabledPlanIds: product ? product.servicePlans.map((s) => s.servicePlanId) : [] } : r)));
  }
  function move(i: number, by: -1 | 1) {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
    const to = i + by;
    focusSoon(by < 0 ? `move-up-${to}` : `move-down-${to}`, by < 0 ? `move-down-${to}` : `move-up-${to}`, `product-${to}`);
  }
  function remove(i: number) {
    onChange(rows.filter((_, k) => k !== i));
    focusSoon("add-backup");
  }
  function addBackup() {
    if (rows.length >= MAX_POLICY_PRODUCTS) return onError({ products: MESSAGES.tooManyProducts });
    if (productsOfApp.every((p) => chosen.has(p.id))) {
      return onError({ products: `Every standalone product for ${appLabel} is already in this policy: there is no other product to add as a backup.` });
    }
    onChange([...rows, { productId: "", enabledPlanIds: [] }]);
    focusSoon(`product-${rows.length}`);
  }

  return (
    <fieldset aria-describedby={describedBy("products-hint", errors.products && errorId("products"))} className="max-w-2xl">
      <legend className="font-semibold">Products</legend>
      <p id="products-hint" className="text-ink-3">
        {appLabel
          ? `Standalone ${appLabel} licenses, with the licenses available now. People get the first product in this order that has a license available; add up to ${MAX_BACKUP_PRODUCTS} backup products.`
          : "Select an auto-claim app first."}
      </p>
      <ol className="mt-2 space-y-3">
        {rows.map((row, i) => {
          const field = `products.${i}.productId`;
          const label = i === 0 ? "Primary product" : `Backup product ${i}`;
          const name = productsOfApp.find((p) => p.id === row.productId)?.displayName ?? label;
          return (
            <li key={keys[i]} data-testid={`product-row-${i}`}>
              <label htmlFor={`product-${i}`} className="text-ink-2">
                {label}
              </label>
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <select
                  id={`product-${i}`}
                  value={row.productId}
                  disabled={readOnly || !draft.app}
                  onChange={(e) => setRow(i, e.target.value)}
                  aria-invalid={errors[field] ? true : undefined}
                  aria-describedby={describedBy(errors[field] && errorId(field))}
                  className={`${inputClass} max-w-sm flex-1`}
                >
                  <option value="">Select a product</option>
                  {productsOfApp
                    .filter((p) => p.id === row.productId || !chosen.has(p.id))
                    .map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.displayName} ({p.available} of {p.purchased} available)
                      </option>
                    ))}
                </select>
                {rows.length > 1 && (
                  <>
                    <button id={`move-up-${i}`} type="button" disabled={readOnly || i === 0} onClick={() => move(i, -1)} className={buttonClass("subtle")}>
                      Move up<span className="sr-only"> {name}</span>
                    </button>
                    <button id={`move-down-${i}`} type="button" disabled={readOnly || i === rows.length - 1} onClick={() => move(i, 1)} className={buttonClass("subtle")}>
                      Move down<span className="sr-only"> {name}</span>
                    </button>
                    <button type="button" disabled={readOnly} onClick={() => remove(i)} className={buttonClass("subtle")}>
                      Remove<span className="sr-only"> {name}</span>
                    </button>
                  </>
                )}
              </div>
              <FieldError field={field} message={errors[field]} />
            </li>
          );
        })}
      </ol>
      <FieldError field="products" message={errors.products} />
      <button
        id="add-backup"
        type="button"
        disabled={readOnly || !draft.app}
        onClick={addBackup}
        aria-describedby={describedBy(errors.products && errorId("products"))}
        className={buttonClass("secondary", "mt-3")}
      >
        <span aria-hidden="true">+</span> Add a backup product
      </button>
    </fieldset>
  );
}

function Review({ draft, options, onEdit, readOnly }: { draft: WizardDraft; options: PolicyOptions; onEdit: (step: Step) => void; readOnly: boolean }) {
  const products = draft.products.map((row) => ({ row, product: options.products.find((p) => p.id === row.productId) }));
  const group = options.groups.find((g) => g.id === draft.groupId);
  const edit = (step: Step, what: string) => (
    <button type="button" onClick={() => onEdit(step)} disabled={readOnly} className={buttonClass("subtle")}>
      Edit<span className="sr-only"> {what}</span>
    </button>
  );
  const item = (term: string, value: React.ReactNode, action: React.ReactNode) => (
    <div className="grid gap-1 border-b border-line py-3 sm:grid-cols-[12rem_minmax(0,1fr)_auto] sm:items-start">
      <dt className="font-semibold text-ink-2">{term}</dt>
      <dd className="min-w-0">{value}</dd>
      <dd>{action}</dd>
    </div>
  );
  return (
    <>
      <p className="max-w-2xl text-ink-2">Check your choices. Nothing is saved until you select Create policy.</p>
      <dl className="mt-2 max-w-3xl" data-testid="review">
        {item("Name", draft.name.trim(), edit(1, "name"))}
        {item("Auto-claim app", draft.app ? AUTO_CLAIM_APP_LABELS[draft.app as AutoClaimApp] : "—", edit(2, "auto-claim app"))}
        {item(
          "Products",
          <ol className="list-decimal pl-5">
            {products.map(({ product }, i) => (
              <li key={i}>
                {product?.displayName} <span className="text-ink-3">({i === 0 ? "primary" : "backup"}, {product?.available ?? 0} available)</span>
              </li>
            ))}
          </ol>,
          edit(2, "products"),
        )}
        {item("Group", group?.displayName ?? "None", edit(2, "group"))}
        {item(
          "Apps",
          <ul className="space-y-1">
            {products.map(({ row, product }, i) => {
              const off = product?.servicePlans.filter((s) => !row.enabledPlanIds.includes(s.servicePlanId)) ?? [];
              const on = product?.servicePlans.filter((s) => row.enabledPlanIds.includes(s.servicePlanId)) ?? [];
              return (
                <li key={i}>
                  <span className="font-semibold">{product?.displayName}:</span> {on.map((s) => s.displayName).join(", ")}
                  {off.length > 0 && <span className="text-ink-3"> (off: {off.map((s) => s.displayName).join(", ")})</span>}
                </li>
              );
            })}
          </ul>,
          edit(3, "apps"),
        )}
        {item("Status", "On", null)}
        {item("Scope", `${SCOPE_LABELS.MANAGED_ONLY} (change it in Power Platform › Settings › Licenses)`, null)}
      </dl>
    </>
  );
}
