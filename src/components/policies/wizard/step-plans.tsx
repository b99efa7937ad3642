import type { PolicyOptions } from "@/server/domain/policies/schema";
import { checkboxClass, describedBy, errorId, FieldError } from "@/components/ui/form";
import type { StepProps } from "./step-props";

/** Step 3: the service plans turned on in each product; at least one stays on. */
export function StepPlans({ draft, errors, readOnly, update, products }: StepProps & { products: PolicyOptions["products"] }) {
  const productById = (id: string) => products.find((p) => p.id === id);
  return (
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
                                : {
                                    ...p,
                                    enabledPlanIds: on
                                      ? p.enabledPlanIds.filter((id) => id !== plan.servicePlanId)
                                      : product.servicePlans
                                          .map((s) => s.servicePlanId)
                                          .filter((id) => id === plan.servicePlanId || p.enabledPlanIds.includes(id)),
                                  },
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
  );
}
