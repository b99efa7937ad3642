"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** "Make managed" / "Make standard" for one environment; Make standard asks first (managed-only policies stop covering it). */
export function EnvironmentManagedButton({
  environmentId,
  name,
  managed,
  readOnly,
  action,
}: {
  environmentId: string;
  name: string;
  managed: boolean;
  readOnly: boolean;
  action: ClientAction<FormData, { managed: boolean; autoCreatedPolicy: boolean }>;
}) {
  const [confirming, setConfirming] = useState(false);
  const { run, pending, failure } = useAdminAction(action, {
    success: (d) =>
      `${name} is now ${d.managed ? "a managed" : "a standard"} environment${d.autoCreatedPolicy ? ". The “Auto-Created Policy for PowerApps” was made and auto-claim turned on" : ""}`,
    onSuccess: () => setConfirming(false),
  });
  const form = () => {
    const data = new FormData();
    data.append("environmentId", environmentId);
    data.append("managed", String(!managed));
    return data;
  };
  return (
    <AdminForm run={(data) => (managed ? setConfirming(true) : run(data))} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="environmentId" value={environmentId} />
      <input type="hidden" name="managed" value={String(!managed)} />
      {failure && !confirming && (
        <span role="alert" className="text-danger">
          {failure.error}
        </span>
      )}
      <button type="submit" disabled={readOnly || pending} aria-haspopup={managed ? "dialog" : undefined} className={buttonClass("secondary")}>
        {managed ? "Make standard" : "Make managed"}
        <span className="sr-only"> {name}</span>
      </button>
      {managed && (
        <ConfirmDialog
          open={confirming}
          title={`Make ${name} a standard environment?`}
          confirmLabel="Make standard"
          pendingLabel="Saving…"
          pending={pending}
          error={failure?.error}
          onConfirm={() => run(form())}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Policies scoped to managed environments stop covering {name}: people who open premium apps there no longer get a license claimed for them. Licenses
            already claimed stay.
          </p>
        </ConfirmDialog>
      )}
    </AdminForm>
  );
}
