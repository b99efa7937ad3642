"use client";

import { useId, useState } from "react";
import { PlanChecks } from "@/components/groups/licence-forms";
import { buttonClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

type AssignInput = { userId: string; productId: string; enabledPlanIds: string[] };
export type AssignWithPlansAction = ClientAction<AssignInput, { added: number; updated: number }>;

export interface UserProductChoice {
  id: string;
  displayName: string;
  available: number;
  plans: { id: string; displayName: string }[];
}

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
  const id = useId();
  const [productId, setProductId] = useState(products.find((p) => p.available > 0)?.id ?? products[0]?.id ?? "");
  const product = products.find((p) => p.id === productId);
  const [enabled, setEnabled] = useState<string[]>(product?.plans.map((p) => p.id) ?? []);
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, {
    success: (d) =>
      d.added > 0 ? `${product?.displayName ?? "The product"} assigned to ${userName}.` : `Changed the apps of ${product?.displayName ?? "the product"}.`,
  });
  const off = disabled || products.length === 0;
  const noPlan = product !== undefined && product.plans.length > 0 && enabled.length === 0;
  const productError = fieldError("productId") ?? fieldError("skuId");
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
        <>
          <label htmlFor={`${id}-product`} className="mt-2 block font-semibold">
            Product
          </label>
          <select
            id={`${id}-product`}
            value={productId}
            disabled={off}
            aria-invalid={productError ? true : undefined}
            aria-describedby={productError ? `${id}-product-error` : undefined}
            onChange={(e) => {
              reset();
              setProductId(e.target.value);
              setEnabled(products.find((p) => p.id === e.target.value)?.plans.map((p) => p.id) ?? []);
            }}
            className="mt-1 w-full max-w-sm rounded border border-line-strong bg-white px-3 py-1.5"
          >
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName} — {p.available} available
              </option>
            ))}
          </select>
          {productError && (
            <p id={`${id}-product-error`} role="alert" className="text-danger">
              {productError}
            </p>
          )}
          {product && (
            <PlanChecks
              key={product.id}
              idPrefix={`${id}-plan`}
              plans={product.plans}
              enabled={enabled}
              onChange={setEnabled}
              disabled={off}
              error={noPlan ? "Keep at least one app on." : fieldError("enabledPlanIds")}
            />
          )}
          <button type="submit" className={buttonClass("primary", "mt-3")} disabled={off || pending || noPlan}>
            {pending ? "Assigning…" : "Assign"}
          </button>
        </>
      )}
    </form>
  );
}
