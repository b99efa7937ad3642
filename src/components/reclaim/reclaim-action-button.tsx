"use client";

import { AdminForm } from "@/components/ui/admin-form";
import { buttonClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/**
 * One button posting a few hidden fields to a server action (Run now, Switch to enforce, Keep it):
 * its pending label, a toast when done, the refusal beside it.
 */
export function ReclaimActionButton<T>({
  action,
  fields,
  label,
  pendingLabel,
  success,
  disabled = false,
  primary = false,
  accessibleName,
}: {
  action: ClientAction<FormData, T>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  success: (data: T) => string | null;
  disabled?: boolean;
  primary?: boolean;
  accessibleName?: string;
}) {
  const { run, pending, formError } = useAdminAction(action, { success });
  return (
    <AdminForm run={run} formError={formError} className="inline-flex flex-col gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div>
        <button type="submit" disabled={disabled || pending} aria-label={accessibleName} className={buttonClass(primary ? "primary" : "secondary")}>
          {pending ? pendingLabel : label}
        </button>
      </div>
    </AdminForm>
  );
}
