"use client";

/** Where focus goes in the wizard: the first field with an error, and the heading after a move. */
import { useEffect, useRef } from "react";

/** The element that holds a field, to focus when its step has an error. */
export function fieldElementId(field: string): string {
  if (field === "name") return "policy-name";
  if (field === "app") return "policy-app";
  if (field === "groupId") return "policy-group";
  if (field === "products") return "add-backup";
  const product = /^products\.(\d+)\.productId$/.exec(field);
  if (product) return `product-${product[1]}`;
  const plans = /^products\.(\d+)\.enabledPlanIds/.exec(field);
  if (plans) return `plans-${plans[1]}-0`;
  return "step-heading";
}

/** Focuses the first of these elements that exists and is enabled, after the next paint. */
export function focusSoon(...ids: string[]) {
  requestAnimationFrame(() => {
    for (const id of ids) {
      const el = document.getElementById(id) as HTMLElement | null;
      if (el && !(el as HTMLButtonElement).disabled) {
        el.focus();
        return;
      }
    }
  });
}

/**
 * The heading of the step (or of the confirmation) to focus after moving: `[ref, focus]`, where
 * `focus.afterMove()` before a change of `step` (or of `created` back to the steps) focuses the heading rendered by it and
 * `focus.now()` the one shown.
 */
export function useHeadingFocus(step: number, created: unknown) {
  const ref = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    ref.current?.focus();
  }, [step, created]);
  const focus = {
    afterMove: () => {
      moved.current = true;
    },
    now: () => ref.current?.focus(),
  };
  return [ref, focus] as const;
}
