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

/** Switch to enforce / Back to report only. */
export function ModeSwitchButton({
  action,
  policyId,
  enforcing,
  disabled,
}: {
  action: ClientAction<FormData, { mode: "REPORT_ONLY" | "ENFORCE"; cancelled: number }>;
  policyId: string;
  enforcing: boolean;
  disabled: boolean;
}) {
  return (
    <ReclaimActionButton
      action={action}
      fields={{ policyId, mode: enforcing ? "REPORT_ONLY" : "ENFORCE" }}
      label={enforcing ? "Back to report only" : "Switch to enforce"}
      pendingLabel="Switching…"
      disabled={disabled}
      primary={!enforcing}
      success={(d) =>
        d.mode === "ENFORCE"
          ? "Enforcing: the next run tells the holders of unused licenses"
          : `Back to report only${d.cancelled ? `: ${d.cancelled} open notice${d.cancelled === 1 ? "" : "s"} cancelled` : ""}`
      }
    />
  );
}

/** Run now: asks for a run, which the background worker performs. */
export function RunNowButton({ action, policyId, disabled }: { action: ClientAction<FormData, { created: boolean }>; policyId: string; disabled: boolean }) {
  return (
    <ReclaimActionButton
      action={action}
      fields={{ policyId }}
      label="Run now"
      pendingLabel="Requesting…"
      disabled={disabled}
      success={(d) => (d.created ? "Run requested: it starts within a few seconds" : "A run of this policy is already on its way")}
    />
  );
}

/** Keep it, on App launch. */
export function KeepItButton({ action, noticeId, productName }: { action: ClientAction<FormData, { kept: boolean }>; noticeId: string; productName: string }) {
  return (
    <ReclaimActionButton
      action={action}
      fields={{ noticeId }}
      label="Keep it"
      pendingLabel="Keeping…"
      primary
      accessibleName={`Keep my ${productName} license`}
      success={() => `${productName} is yours to keep`}
    />
  );
}
