"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/server/action";

type LaunchAction = (state: ActionResult<never> | null, form: FormData) => Promise<ActionResult<never>>;

/** The Launch (or Run flow) button of one app card: posts who and what, shows a refusal of the request itself inline. */
export function LaunchButton({
  action,
  userId,
  appId,
  appName,
  isFlow,
}: {
  action: LaunchAction;
  userId: string;
  appId: string;
  appName: string;
  isFlow: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="mt-auto">
      <input type="hidden" name="user" value={userId} />
      <input type="hidden" name="app" value={appId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`${isFlow ? "Run flow" : "Launch"} ${appName}`}
        className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover disabled:opacity-60"
      >
        {pending ? (isFlow ? "Running…" : "Launching…") : isFlow ? "Run flow" : "Launch"}
      </button>
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-danger">
          {state.error}
        </p>
      )}
    </form>
  );
}
