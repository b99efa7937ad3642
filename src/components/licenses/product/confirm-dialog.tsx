"use client";

import { useEffect, useRef } from "react";
import { buttonClass } from "@/components/ui/form";

/** A modal confirm dialog: its title, what it will do, and Confirm / Cancel (Escape cancels, except while it runs). */
export function ConfirmDialog({
  id,
  open,
  title,
  confirmLabel,
  pending,
  onConfirm,
  onCancel,
  children,
}: {
  id: string;
  open: boolean;
  title: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onCancel();
      }}
      className="m-auto w-full max-w-lg rounded-md border border-line p-0 shadow-xl backdrop:bg-black/30"
    >
      {open && (
        <div className="p-6">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="mt-3 space-y-2 text-ink-2">{children}</div>
          <div className="mt-6 flex justify-end gap-2">
            <button type="button" onClick={onCancel} disabled={pending} className={buttonClass("secondary")}>
              Cancel
            </button>
            <button type="button" onClick={onConfirm} disabled={pending} className={buttonClass("danger")}>
              {pending ? "Working…" : confirmLabel}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}

const number = new Intl.NumberFormat("en-US");

/** "3 people", "1 unit"… */
export const plural = (n: number, one: string, many = `${one}s`) => `${number.format(n)} ${n === 1 ? one : many}`;

/** The people skipped by a bulk change, one line per reason. */
export function skippedSentence(skipped: { userPrincipalName: string | null; reason: string }[]): string {
  const byReason = new Map<string, number>();
  for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${plural(n, "person", "people")} skipped: ${reason}.`).join(" ");
}
