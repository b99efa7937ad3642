"use client";

import { plural } from "@/lib/plural";
import { buttonClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

export type ReprocessAction = ClientAction<FormData, { served: number; stillInError: number }>;

/** Reprocess (a group's or a person's licences in error): the toast says how many were assigned and how many still wait for a unit. */
export function ReprocessButton({ action, fields, disabled }: { action: ReprocessAction; fields: Record<string, string>; disabled: boolean }) {
  const { run, pending, formError } = useAdminAction(action, {
    success: (d) =>
      d.stillInError > 0
        ? `Reprocessed: ${plural(d.served, "license")} assigned; ${plural(d.stillInError, "license")} still in error: no unit left.`
        : `Reprocessed: ${plural(d.served, "license")} assigned; none in error.`,
  });
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={buttonClass("secondary")}
        disabled={disabled || pending}
        onClick={() => {
          const form = new FormData();
          for (const [name, value] of Object.entries(fields)) form.append(name, value);
          run(form);
        }}
      >
        {pending ? "Reprocessing…" : "Reprocess"}
      </button>
      {formError && (
        <span role="alert" className="text-danger">
          {formError}
        </span>
      )}
    </span>
  );
}
