"use client";

import { useState } from "react";

/**
 * A field's value that follows the saved value it was given: typing changes it, and a new saved
 * value (from this form's save or a change made elsewhere, re-rendered by the server) replaces it.
 */
export function useSyncedValue(saved: string): [string, (value: string) => void] {
  const [value, setValue] = useState(saved);
  const [last, setLast] = useState(saved);
  if (last !== saved) {
    setLast(saved);
    setValue(saved);
  }
  return [value, setValue];
}
