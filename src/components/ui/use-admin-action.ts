"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult, ServerAction } from "@/server/action";

/** A server action as a client component calls it (any action built with action() fits). */
export type ClientAction<I, T> = (input: I) => Promise<ActionResult<T>>;

/**
 * Runs a server action from a client component: pending state, a toast on success, and the
 * failure kept for the form (field errors beside their fields; any other error as a form alert).
 */
type Failure<T> = Extract<ActionResult<T>, { ok: false }>;
interface Options<T> {
  /** The toast shown on success (none when it returns null). */
  success?: (data: T) => string | null;
  onSuccess?: (data: T) => void;
  onFailure?: (result: Failure<T>) => void;
}
export interface AdminAction<I, T> {
  run: (input: I) => void;
  pending: boolean;
  failure: Failure<T> | null;
  fieldError: (field: string) => string | undefined;
  formError: string | null;
  reset: () => void;
}

// A server action passed straight in (its overloads would otherwise defeat inference) or any one-argument action.
export function useAdminAction<I, T>(act: ServerAction<I, T>, options?: Options<T>): AdminAction<I | FormData, T>;
export function useAdminAction<I, T>(act: ClientAction<I, T>, options?: Options<T>): AdminAction<I, T>;
export function useAdminAction<I, T>(act: ClientAction<I, T>, options: Options<T> = {}): AdminAction<I, T> {
  const [failure, setFailure] = useState<Failure<T> | null>(null);
  const [pending, startTransition] = useTransition();

  function run(input: I) {
    startTransition(async () => {
      const result = await act(input);
      if (result.ok) {
        setFailure(null);
        const message = options.success?.(result.data);
        if (message) toast.success(message);
        options.onSuccess?.(result.data);
      } else {
        setFailure(result);
        options.onFailure?.(result);
      }
    });
  }

  const fieldError = (field: string): string | undefined => failure?.fieldErrors[field]?.[0];
  /** The error to show above the form: only when no field carries it. */
  const formError = failure && Object.keys(failure.fieldErrors).length === 0 ? failure.error : null;
  return { run, pending, failure, fieldError, formError, reset: () => setFailure(null) };
}
