"use client";

import { ProductPlanFields, useProductPlans, type GroupProductChoice } from "@/components/groups/licence-forms";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

type AssignInput = { userId: string; productId: string; enabledPlanIds: string[] };
export type AssignWithPlansAction = ClientAction<AssignInput, { added: number; updated: number }>;

/** A product a person may be given, with its live availability and apps (the same choice as a group's). */
export type UserProductChoice = GroupProductChoice;

/**
 * Assign license on a person's page: a product (with its live availability), then its apps — the
 * service plans, each a switch, as a group's licence assignment offers them (at least one stays on).
 * What was done is a toast; a refusal shows beside the field it is about.
 */
export function AssignWithPlansForm({
  action,
  userId,
  userName,
  products,
  disabled,
}: {
  action: AssignWithPlansAction;
  userId: string;
  userName: string;
  products: UserProductChoice[];
  disabled: boolean;
}) {
  const choice = useProductPlans(products);
  const { product, enabled } = choice;
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, {
    success: (d) =>
      d.added > 0 ? `${product?.displayName ?? "The product"} assigned to ${userName}.` : `Changed the apps of ${product?.displayName ?? "the product"}.`,
  });
  const off = disabled || products.length === 0;
  return (
    <form
      aria-label="Assign a license"
      className="rounded border border-line p-3"
      data-testid="assign-license"
      onSubmit={(e) => {
        e.preventDefault();
        if (product) run({ userId, productId: product.id, enabledPlanIds: enabled });
      }}
    >
      <h4 className="font-semibold">Assign a license</h4>
      {formError && (
        <p role="alert" className="text-danger">
          {formError}
        </p>
      )}
      {products.length === 0 ? (
        <p className="text-ink-3">{userName} holds every product of this organization already.</p>
      ) : (
        <ProductPlanFields
          products={products}
          choice={choice}
          off={off}
          pending={pending}
          productError={fieldError("productId") ?? fieldError("skuId")}
          planError={fieldError("enabledPlanIds")}
          onChoose={reset}
          submitLabel="Assign"
        />
      )}
    </form>
  );
}
