"use client";

import { useActionState } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/server/action";

type Decision = { decision: "approved" | "denied" | "alreadyLicensed"; assigned: boolean; product?: string; through?: string };
type FormAction = (state: ActionResult<Decision> | null, form: FormData) => Promise<ActionResult<Decision>>;

export interface ProductOption {
  id: string;
  displayName: string;
  available: number;
}

/** The toast that confirms a decision (the request leaves the pending list, so the toast is what remains). */
export function decisionToast(who: string, d: Decision): void {
  if (d.decision === "denied") toast.success(`Denied ${who}'s request.`);
  else if (d.decision === "alreadyLicensed")
    toast.warning(`${who} already has ${d.product}${d.through ?? ""}: nothing was assigned, and the request is closed as Already licensed.`);
  else toast.success(d.assigned ? `Approved: ${d.product} assigned to ${who}.` : `Approved: ${who} already held ${d.product}.`);
}

/** Approve (assigns the chosen product) or Deny, each with an optional message the requester sees on the app launch page. */
export function DecisionForm({
  approve,
  deny,
  requestId,
  who,
  products,
  suggested,
  disabled,
}: {
  approve: FormAction;
  deny: FormAction;
  requestId: string;
  who: string;
  products: ProductOption[];
  suggested?: string;
  disabled: boolean;
}) {
  const confirmed =
    (act: FormAction): FormAction =>
    async (state, form) => {
      const result = await act(state, form);
      if (result.ok) decisionToast(who, result.data);
      return result;
    };
  const [approved, approveAction, approving] = useActionState(confirmed(approve), null);
  const [denied, denyAction, denying] = useActionState(confirmed(deny), null);
  const state = approving || denying ? null : (approved ?? denied);
  const productError = approved && !approved.ok ? approved.fieldErrors.productId?.[0] : undefined;
  const messageError = state && !state.ok ? state.fieldErrors.decisionMessage?.[0] : undefined;
  const formError = state && !state.ok && !productError && !messageError ? state.error : undefined;
  const id = (name: string) => `${name}-${requestId}`;
  return (
    <form className="space-y-2" aria-label={`Decide the request of ${who}`}>
      <input type="hidden" name="requestId" value={requestId} />
      <div>
        <label htmlFor={id("product")} className="block text-xs font-semibold text-ink-2">
          License to assign
        </label>
        <select
          id={id("product")}
          name="productId"
          defaultValue={suggested}
          disabled={disabled}
          aria-invalid={productError ? true : undefined}
          aria-describedby={productError ? id("product-error") : undefined}
          className="mt-1 w-full rounded border border-line-strong bg-white px-2 py-1"
        >
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName} — {p.available} available
            </option>
          ))}
        </select>
        {productError && (
          <p id={id("product-error")} className="mt-1 text-danger" role="alert">
            {productError}
          </p>
        )}
      </div>
      <div>
        <label htmlFor={id("message")} className="block text-xs font-semibold text-ink-2">
          Message to {who} (optional)
        </label>
        <textarea
          id={id("message")}
          name="decisionMessage"
          rows={2}
          maxLength={500}
          disabled={disabled}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={messageError ? id("message-error") : undefined}
          className="mt-1 w-full rounded border border-line-strong px-2 py-1"
        />
        {messageError && (
          <p id={id("message-error")} className="mt-1 text-danger">
            {messageError}
          </p>
        )}
      </div>
      <div className="flex gap-2">
        <DecisionButton formAction={approveAction} disabled={disabled || approving || denying} look="primary">
          {approving ? "Approving…" : "Approve"}
        </DecisionButton>
        <DecisionButton formAction={denyAction} disabled={disabled || approving || denying} look="secondary">
          {denying ? "Denying…" : "Deny"}
        </DecisionButton>
      </div>
      {formError && (
        <p role="alert" className="text-danger">
          {formError}
        </p>
      )}
    </form>
  );
}

const LOOKS = {
  primary: "bg-brand text-white hover:bg-brand-hover",
  secondary: "border border-line-strong bg-white hover:bg-canvas",
};

/** Approve or Deny: a submit button posting the form to its own action. */
function DecisionButton({
  formAction,
  disabled,
  look,
  children,
}: {
  formAction: (form: FormData) => void;
  disabled: boolean;
  look: keyof typeof LOOKS;
  children: React.ReactNode;
}) {
  return (
    <button
      type="submit"
      formAction={formAction}
      disabled={disabled}
      className={`rounded px-3 py-1 font-semibold ${LOOKS[look]} disabled:cursor-not-allowed disabled:opacity-50`}
    >
      {children}
    </button>
  );
}
