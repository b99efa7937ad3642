"use client";

import { InlineActionForm, RowActionButton, type RowAction } from "@/components/ui/row-action-button";

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
}: RowAction<{ added: number; updated: number }> & { userId: string; products: ProductChoice[] }) {
  const choices = products.filter((p) => !p.held);
  const off = disabled || choices.length === 0;
  return (
    <InlineActionForm
      action={action}
      fields={{ userId }}
      errorFields={["productId", "skuId"]}
      id="assign-product"
      label="Assign a license"
      submitLabel="Assign"
      pendingLabel="Assigning…"
      disabled={off}
      success={() => "License assigned."}
    >
      {(control) => (
        <select
          {...control}
          name="productId"
          disabled={off}
          className="mt-1 rounded border border-line-strong bg-white px-3 py-1.5"
          defaultValue={choices.find((p) => p.available > 0)?.id ?? choices[0]?.id}
        >
          {choices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName} — {p.available} available
            </option>
          ))}
        </select>
      )}
    </InlineActionForm>
  );
}

/** Unassign one product held directly or by auto-claim. */
export function UnassignLicenseButton({
  action,
  userId,
  productId,
  productName,
  disabled,
}: RowAction<{ removed: number }> & { userId: string; productId: string; productName: string }) {
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
