"use client";

import { buttonClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** Revoke, after a confirmation: programs using the token are refused from then on. */
export function RevokeTokenButton({
  action,
  id,
  name,
  disabled,
}: {
  action: ClientAction<{ id: string }, { id: string }>;
  id: string;
  name: string;
  disabled: boolean;
}) {
  const { run, pending, failure } = useAdminAction(action, { success: () => `Revoked “${name}”.` });
  return (
    <>
      <button
        type="button"
        disabled={disabled || pending}
        className={buttonClass("subtle")}
        aria-label={`Revoke ${name}`}
        onClick={() => {
          if (window.confirm(`Revoke “${name}”? Programs using it will be refused from now on. This can't be undone.`)) run({ id });
        }}
      >
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {failure && (
        <span role="alert" className="text-danger">
          {failure.error}
        </span>
      )}
    </>
  );
}
