"use client";

import { useEffect, useId, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

/**
 * The console's one confirm dialog: a native modal <dialog> (the browser keeps focus inside it and
 * makes the page behind it inert). Opening focuses Cancel — the safe choice of a destructive
 * question — Escape cancels, and closing gives focus back to the control that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  pending = false,
  error,
  tone = "danger",
  onConfirm,
  onCancel,
  testId,
}: {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  pending?: boolean;
  error?: string | null;
  tone?: "danger" | "primary";
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const restore = () => {
      const back = opener.current;
      opener.current = null;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
    dialog.addEventListener("close", restore);
    return () => dialog.removeEventListener("close", restore);
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        // Escape: the dialog closes only through onCancel, so its state stays the one source.
        e.preventDefault();
        if (!pending) onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-md border border-line bg-white p-5 text-ink shadow-lg backdrop:bg-black/40"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div id={bodyId} className="mt-2 space-y-2">
        {children}
      </div>
      {error && (
        <p role="alert" className="mt-3 text-danger">
          {error}
        </p>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <button ref={cancelRef} type="button" className={buttonClass("secondary")} onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button type="button" className={buttonClass(tone)} onClick={onConfirm} disabled={pending}>
          {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * A button that asks first: it opens the confirm dialog, and Confirm posts `fields` to the server
 * action; the dialog closes on success (with the toast `success` returns) and shows the refusal otherwise.
 */
export function ConfirmActionButton<T>({
  action,
  fields,
  label,
  accessibleName,
  title,
  message,
  confirmLabel,
  pendingLabel,
  success,
  disabled,
  tone = "danger",
  buttonVariant = "secondary",
  small = true,
}: {
  action: ClientAction<FormData, T>;
  fields: Record<string, string>;
  label: string;
  accessibleName?: string;
  title: string;
  message: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  success?: (data: T) => string | null;
  disabled: boolean;
  tone?: "danger" | "primary";
  buttonVariant?: "secondary" | "danger" | "primary";
  small?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const { run, pending, failure, reset } = useAdminAction(action, { success, onSuccess: () => setOpen(false) });
  function confirm() {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    run(form);
  }
  return (
    <>
      <button
        type="button"
        disabled={disabled || pending}
        aria-label={accessibleName}
        aria-haspopup="dialog"
        onClick={() => {
          reset();
          setOpen(true);
        }}
        className={buttonClass(buttonVariant, small ? "px-2 py-0.5 text-sm" : "")}
      >
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        pendingLabel={pendingLabel}
        pending={pending}
        error={failure?.error}
        tone={tone}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        {message}
      </ConfirmDialog>
    </>
  );
}
