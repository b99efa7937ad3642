"use client";

import { AdminForm } from "@/components/ui/admin-form";
import { buttonClass, Field } from "@/components/ui/form";
import { useAdminAction } from "@/components/ui/use-admin-action";
import type { ServerAction } from "@/server/action";

interface PriceResult {
  unitPrice: string | null;
  currency: string;
}

/** A product's unit price per month and its currency, editable by a Global admin; an empty price marks the product not priced. */
export function PriceForm({
  productId,
  unitPrice,
  currency,
  currencies,
  action,
}: {
  productId: string;
  unitPrice: string | null;
  currency: string;
  /** Offered first; any other three-letter ISO 4217 code may be typed. */
  currencies: readonly string[];
  action: ServerAction<{ productId: string; unitPrice: unknown; currency: string }, PriceResult>;
}) {
  const save = useAdminAction(action, {
    success: (r) => (r.unitPrice === null ? "The product is no longer priced." : `Unit price set to ${r.unitPrice} ${r.currency} a month.`),
  });
  return (
    <AdminForm run={save.run} formError={save.formError} noValidate testId="price-form" className="flex flex-wrap items-start gap-4">
      <input type="hidden" name="productId" value={productId} />
      <Field
        id="unit-price"
        field="unitPrice"
        label="Unit price per month"
        hint="What one license costs a month, e.g. 20.00. Leave it empty if the product is not priced."
        error={save.fieldError("unitPrice")}
        className="w-64"
      >
        {(control) => <input {...control} name="unitPrice" type="text" inputMode="decimal" autoComplete="off" defaultValue={unitPrice ?? ""} />}
      </Field>
      <Field id="currency" field="currency" label="Currency" hint="An ISO 4217 code, such as USD or EUR." error={save.fieldError("currency")} className="w-48">
        {(control) => (
          <>
            <input
              {...control}
              name="currency"
              type="text"
              list="currency-codes"
              maxLength={3}
              autoComplete="off"
              defaultValue={currency}
              className={`${control.className} uppercase`}
            />
            <datalist id="currency-codes">
              {currencies.map((code) => (
                <option key={code} value={code} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <button type="submit" disabled={save.pending} className={`${buttonClass("secondary")} mt-[2.75rem]`}>
        {save.pending ? "Saving…" : "Save price"}
      </button>
    </AdminForm>
  );
}
