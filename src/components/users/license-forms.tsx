"use client";

import { RowActionButton, type FormAction } from "@/components/ui/row-action-button";
import { useActionState } from "react";

export interface ProductChoice {
  id: string;
  displayName: string;
  available: number;
  held: boolean;
}

/** Assign license: a product (with its available units) for one user; errors beside the field. */
export function AssignLicenseForm({
  action,
  userId,
  products,
  disabled,
}: {
  action: FormAction<{ added: number; updated: number }>;
  userId: string;
  products: ProductChoice[];
  disabled: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const error = state && !state.ok ? (state.fieldErrors.productId?.[0] ?? state.fieldErrors.skuId?.[0] ?? state.error) : undefined;
  const choices = products.filter((p) => !p.held);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <div>
        <label htmlFor="assign-product" className="block font-semibold">
          Assign a license
        </label>
        <select
          id="assign-product"
          name="productId"
          disabled={disabled || choices.length === 0}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "assign-product-error" : undefined}
          className="mt-1 rounded border border-line-strong bg-white px-3 py-1.5"
          defaultValue={choices.find((p) => p.available > 0)?.id ?? choices[0]?.id}
        >
          {choices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName} — {p.available} available
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        disabled={disabled || pending || choices.length === 0}
        className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover disabled:cursor-not-allowed disabled:opacity-50"
      >
        {pending ? "Assigning…" : "Assign"}
      </button>
      {error && (
        <p id="assign-product-error" role="alert" className="basis-full text-danger">
          {error}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="basis-full text-success">
          License assigned.
        </p>
      )}
    </form>
  );
}

/** Unassign one product held directly or by auto-claim. */
export function UnassignLicenseButton({
  action,
  userId,
  productId,
  productName,
  disabled,
}: {
  action: FormAction<{ removed: number }>;
  userId: string;
  productId: string;
  productName: string;
  disabled: boolean;
}) {
  return (
    <RowActionButton
      action={action}
      fields={{ userId, productId }}
      label="Unassign"
      pendingLabel="Unassigning…"
      accessibleName={`Unassign ${productName}`}
      disabled={disabled}
    />
  );
}
