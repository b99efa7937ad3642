"use client";

import { AdminForm } from "@/components/ui/admin-form";
import { buttonClass, Field } from "@/components/ui/form";
import { useAdminAction } from "@/components/ui/use-admin-action";
import type { ServerAction } from "@/server/action";

type Level = "WARNING" | "CRITICAL" | "EMPTY";
const LEVEL_WORDS: Record<Level, string> = { WARNING: "warning", CRITICAL: "critical", EMPTY: "empty" };

interface ThresholdsResult {
  warningPercent: number;
  criticalPercent: number;
  emptyPercent: number;
  openLevels: Level[];
}

const FIELDS = [
  { field: "warningPercent", id: "warning-percent", label: "Warning at", hint: "Percent of purchased units consumed." },
  { field: "criticalPercent", id: "critical-percent", label: "Critical at", hint: "Above the warning threshold." },
  { field: "emptyPercent", id: "empty-percent", label: "Empty at", hint: "At most 100 %." },
] as const;

/** A product's alert thresholds, editable by a Global admin: crossing one raises one alert, falling back under resolves it. */
export function ThresholdsForm({
  productId,
  thresholds,
  action,
}: {
  productId: string;
  thresholds: { warningPercent: number; criticalPercent: number; emptyPercent: number };
  action: ServerAction<{ productId: string; warningPercent: unknown; criticalPercent: unknown; emptyPercent: unknown }, ThresholdsResult>;
}) {
  const save = useAdminAction(action, {
    success: (r) =>
      `Alert thresholds set to ${r.warningPercent} %, ${r.criticalPercent} % and ${r.emptyPercent} %. ` +
      (r.openLevels.length === 0 ? "No alert is open." : `Open: ${r.openLevels.map((l) => LEVEL_WORDS[l]).join(", ")}.`),
  });
  return (
    <AdminForm run={save.run} formError={save.formError} noValidate testId="thresholds-form" className="flex flex-wrap items-start gap-4">
      <input type="hidden" name="productId" value={productId} />
      {FIELDS.map((f) => (
        <Field key={f.field} id={f.id} field={f.field} label={f.label} hint={f.hint} error={save.fieldError(f.field)} className="w-44">
          {(control) => <input {...control} name={f.field} type="number" min={1} max={100} step={1} inputMode="numeric" defaultValue={thresholds[f.field]} />}
        </Field>
      ))}
      <button type="submit" disabled={save.pending} className={`${buttonClass("secondary")} mt-[2.75rem]`}>
        {save.pending ? "Saving…" : "Save thresholds"}
      </button>
    </AdminForm>
  );
}
