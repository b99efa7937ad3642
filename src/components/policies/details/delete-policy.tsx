"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { buttonClass, FormAlert } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/** "Delete policy", behind a confirm dialog (a modal <dialog>: focus stays inside, Escape cancels). */
export function DeletePolicy({
  policyId,
  name,
  autoCreated,
  readOnly,
  action,
}: {
  policyId: string;
  name: string;
  autoCreated: boolean;
  readOnly: boolean;
  action: ClientAction<FormData, unknown>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const { run, pending, formError, reset } = useAdminAction(action, {
    success: () => `Policy “${name}” deleted`,
    onSuccess: () => {
      dialog.current?.close();
      router.replace("/billing/licenses/auto-claim");
    },
  });
  return (
    <>
      <button
        type="button"
        disabled={readOnly}
        onClick={() => {
          reset();
          dialog.current?.showModal();
        }}
        className={buttonClass("secondary", "text-danger")}
      >
        <Trash2 aria-hidden="true" className="inline size-4 align-[-0.15em]" /> Delete policy
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-heading"
        aria-describedby="delete-description"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-md border border-line bg-white p-6 text-ink shadow-xl backdrop:bg-black/40"
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(new FormData(e.currentTarget));
          }}
        >
          <h2 id="delete-heading" className="text-lg font-semibold">
            Delete this policy?
          </h2>
          <div id="delete-description" className="mt-2 space-y-2 text-ink-2">
            <p>“{name}” will stop assigning licenses. People who already claimed a license through it keep it.</p>
            {autoCreated && <p>This is the auto-created policy: once deleted, it is not made again.</p>}
          </div>
          <FormAlert message={formError} />
          <input type="hidden" name="policyId" value={policyId} />
          <div className="mt-6 flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className={buttonClass("secondary")} autoFocus>
              Cancel
            </button>
            <button type="submit" disabled={pending} className={buttonClass("danger")}>
              {pending ? "Deleting…" : "Delete"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
