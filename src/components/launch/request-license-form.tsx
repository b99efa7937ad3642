"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/server/action";

type RequestAction = (state: ActionResult<{ id: string; created: boolean }> | null, form: FormData) => Promise<ActionResult<{ id: string; created: boolean }>>;

/** "Request a license" after a refusal, with an optional note to the admins. */
export function RequestLicenseForm({ action, launchId }: { action: RequestAction; launchId: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  if (state?.ok) {
    return (
      <p role="status" className="rounded border border-success/40 bg-success-subtle px-4 py-3">
        {state.data.created
          ? "Your request was sent to your administrators. You'll see their answer on this page and on the app list."
          : "You already have a pending request for this app. Your administrators will answer it."}
      </p>
    );
  }
  const messageError = state && !state.ok ? state.fieldErrors.message?.[0] : undefined;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="launchId" value={launchId} />
      <div>
        <label htmlFor="request-message" className="block font-semibold">
          Message to your administrators (optional)
        </label>
        <textarea
          id="request-message"
          name="message"
          rows={3}
          maxLength={500}
          aria-describedby={messageError ? "request-message-error" : undefined}
          aria-invalid={messageError ? true : undefined}
          className="mt-1 w-full max-w-xl rounded border border-line-strong px-3 py-2"
          placeholder="Why do you need this app?"
        />
        {messageError && (
          <p id="request-message-error" className="mt-1 text-danger">
            {messageError}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-hover disabled:opacity-60">
        {pending ? "Sending…" : "Request a license"}
      </button>
      {state && !state.ok && !messageError && (
        <p role="alert" className="text-danger">
          {state.error}
        </p>
      )}
    </form>
  );
}
