"use client";

import { SingleFieldForm } from "@/components/ui/admin-form";
import { useAdminAction } from "@/components/ui/use-admin-action";
import type { ServerAction } from "@/server/action";
import { plural } from "./bulk-text";

interface PurchasedUnitsResult {
  purchasedUnits: number;
  consumedUnits: number;
  served: number;
  servedFromWaitlist: number;
  stillInError: number;
}

/** Purchased units, editable by a Global admin: raising them serves the members waiting for a unit. */
export function PurchasedUnitsForm({
  productId,
  purchased,
  action,
}: {
  productId: string;
  purchased: number;
  action: ServerAction<{ productId: string; purchasedUnits: unknown }, PurchasedUnitsResult>;
}) {
  const save = useAdminAction(action, {
    success: (r) =>
      `Purchased units set to ${r.purchasedUnits.toLocaleString("en-US")}.` +
      (r.served > 0 ? ` ${plural(r.served, "member in error", "members in error")} got the product.` : "") +
      (r.servedFromWaitlist > 0 ? ` ${plural(r.servedFromWaitlist, "person", "people")} on the waiting list got it.` : "") +
      (r.stillInError > 0 ? ` ${plural(r.stillInError, "member is", "members are")} still waiting.` : ""),
  });
  return (
    <SingleFieldForm
      run={save.run}
      formError={save.formError}
      noValidate
      hidden={{ productId }}
      id="purchased-units"
      field="purchasedUnits"
      label="Purchased units"
      hint="Raise them to serve the people waiting for a unit (group members in error, waiting lists); they cannot go below the units consumed."
      error={save.fieldError("purchasedUnits")}
      submitLabel={save.pending ? "Saving…" : "Save"}
      disabled={save.pending}
    >
      {(control) => (
        <input
          {...control}
          name="purchasedUnits"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          defaultValue={purchased}
          className={`${control.className} max-w-40`}
        />
      )}
    </SingleFieldForm>
  );
}
