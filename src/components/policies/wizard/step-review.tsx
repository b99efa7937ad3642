import type { AutoClaimApp } from "@/generated/prisma/enums";
import type { ServerAction } from "@/server/action";
import {
  AUTO_CLAIM_APP_LABELS,
  POLICY_STATUS_HINTS,
  POLICY_STATUS_LABELS,
  POLICY_STATUSES,
  SCOPE_LABELS,
  type PolicyOptions,
  type PolicyStatus,
  type SimulatePolicyInput,
  type SimulationView,
} from "@/server/domain/policies/schema";
import { buttonClass } from "@/components/ui/form";
import type { Step, WizardDraft } from "./draft";
import { ReviewSimulation } from "./review-simulation";

/**
 * Step 4: every choice with an Edit button back to its step, the status to start in (On, Report
 * only, Off), and the simulation of the draft over the last 30 days; nothing is saved before Create policy.
 */
export function StepReview({
  draft,
  options,
  onEdit,
  onStatus,
  readOnly,
  simulateAction,
}: {
  draft: WizardDraft;
  options: PolicyOptions;
  onEdit: (step: Step) => void;
  onStatus: (status: PolicyStatus) => void;
  readOnly: boolean;
  /** Absent for a reader (the simulation is a Global admin's action). */
  simulateAction: ServerAction<SimulatePolicyInput, SimulationView> | null;
}) {
  const status = draft.status ?? "ON";
  const scope = draft.scope ?? "ALL_ENVIRONMENTS";
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
                {product?.displayName}{" "}
                <span className="text-ink-3">
                  ({i === 0 ? "primary" : "backup"}, {product?.available ?? 0} available)
                </span>
              </li>
            ))}
          </ol>,
          edit(2, "products"),
        )}
        {item("Group", group?.displayName ?? "None", edit(2, "group"))}
        {item("Scope", SCOPE_LABELS[scope], edit(2, "scope"))}
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
        {item(
          "Status",
          <fieldset>
            <legend className="sr-only">Status</legend>
            <div className="space-y-2">
              {POLICY_STATUSES.map((s) => (
                <label key={s} className="flex items-start gap-2">
                  <input
                    type="radio"
                    name="status"
                    value={s}
                    checked={status === s}
                    disabled={readOnly}
                    onChange={() => onStatus(s)}
                    aria-labelledby={`review-status-${s}`}
                    aria-describedby={`review-status-${s}-hint`}
                    className="mt-0.5 size-4 accent-brand"
                  />
                  <span>
                    <span id={`review-status-${s}`} className="font-semibold">
                      {POLICY_STATUS_LABELS[s]}
                    </span>
                    <span id={`review-status-${s}-hint`} className="block text-ink-3">
                      {POLICY_STATUS_HINTS[s]}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>,
          null,
        )}
      </dl>
      {simulateAction && draft.app && products.length > 0 && (
        <section aria-labelledby="simulation-heading" className="mt-6 max-w-3xl rounded-md border border-line bg-canvas p-4">
          <h3 id="simulation-heading" className="font-semibold">
            Simulation
          </h3>
          <div className="mt-1">
            <ReviewSimulation input={{ app: draft.app as AutoClaimApp, scope, productIds: draft.products.map((p) => p.productId) }} action={simulateAction} />
          </div>
        </section>
      )}
    </>
  );
}
