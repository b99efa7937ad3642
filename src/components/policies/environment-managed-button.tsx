"use client";

import { buttonClass } from "@/components/ui/form";
import { AdminForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** "Make managed" / "Make standard" for one environment. */
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
  const { run, pending, failure } = useAdminAction(action, {
    success: (d) =>
      `${name} is now ${d.managed ? "a managed" : "a standard"} environment${d.autoCreatedPolicy ? ". The “Auto-Created Policy for PowerApps” was made and auto-claim turned on" : ""}`,
  });
  return (
    <AdminForm run={run} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="environmentId" value={environmentId} />
      <input type="hidden" name="managed" value={String(!managed)} />
      {failure && (
        <span role="alert" className="text-danger">
          {failure.error}
        </span>
      )}
      <button type="submit" disabled={readOnly || pending} className={buttonClass("secondary")}>
        {managed ? "Make standard" : "Make managed"}
        <span className="sr-only"> {name}</span>
      </button>
    </AdminForm>
  );
}
