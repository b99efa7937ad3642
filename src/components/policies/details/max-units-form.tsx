"use client";

import { MAX_UNITS_MAX, MAX_UNITS_MIN } from "@/server/domain/policies/schema";
import { SingleFieldForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import { useSyncedValue } from "@/components/ui/use-synced-value";

const plural = (n: number) => `${n.toLocaleString("en-US")} license${n === 1 ? "" : "s"}`;

/**
 * Maximum licenses (SPEC §8.4): the most the policy may hold at once; empty = no limit. A value out
 * of range shows beside the field; raising it serves the waiting list, and the toast says how many.
 */
export function MaxUnitsForm({
  policyId,
  maxUnits,
  heldUnits,
  readOnly,
  action,
}: {
  policyId: string;
  maxUnits: number | null;
  heldUnits: number;
  readOnly: boolean;
  action: ClientAction<FormData, { maxUnits: number | null; changed: string[]; served?: number }>;
}) {
  const [value, setValue] = useSyncedValue(maxUnits === null ? "" : String(maxUnits));
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, {
    success: (d) => {
      if (d.changed.length === 0) return "No changes to save";
      const limit = d.maxUnits === null ? "This policy has no license limit now" : `This policy now holds at most ${plural(d.maxUnits)} at once`;
      return d.served ? `${limit}; ${d.served === 1 ? "1 person" : `${d.served} people`} waiting got a license` : limit;
    },
  });
  return (
    <SingleFieldForm
      run={run}
      formError={formError}
      noValidate
      hidden={{ policyId }}
      id="max-units"
      field="maxUnits"
      label="Maximum licenses held at once"
      hint={
        <>
          Holds {plural(heldUnits)} now. From {MAX_UNITS_MIN} to {MAX_UNITS_MAX.toLocaleString("en-US")}, or empty for no limit. People refused at the limit
          wait on the list below. Lowering it releases nothing: new claims wait until the policy holds fewer.
        </>
      }
      error={fieldError("maxUnits")}
      submitLabel="Save limit"
      disabled={readOnly || pending}
    >
      {(control) => (
        <input
          {...control}
          name="maxUnits"
          type="number"
          inputMode="numeric"
          min={MAX_UNITS_MIN}
          max={MAX_UNITS_MAX}
          placeholder="No limit"
          value={value}
          disabled={readOnly}
          onChange={(e) => {
            setValue(e.target.value);
            reset();
          }}
        />
      )}
    </SingleFieldForm>
  );
}
