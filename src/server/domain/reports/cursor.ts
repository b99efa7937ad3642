/**
 * Keyset cursors: the sort value and the id of the row a page starts after (or ends before),
 * carried in the URL as base64url JSON. A cursor that does not decode is ignored (first page), and
 * so is one whose value could not be compared in the database: text with control characters or
 * lone surrogates, over MAX_CURSOR_VALUE characters, or (for a date order) no date of 1–9999.
 */
import { isCleanText } from "@/lib/text";
import { isUuid } from "../users/lookup";

/** Longest sort value a cursor carries (a display name, a UPN, an ISO date…). */
export const MAX_CURSOR_VALUE = 400;

export interface Cursor {
  value: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id]), "utf8").toString("base64url");
}

export function decodeCursor(text: string | undefined | null): Cursor | null {
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, id] = parsed;
    if (typeof value !== "string" || typeof id !== "string" || !isUuid(id)) return null;
    if (value.length > MAX_CURSOR_VALUE || !isCleanText(value)) return null;
    return { value, id };
  } catch {
    return null;
  }
}

/** The cursor value as a date PostgreSQL can compare (years 1–9999), else null. */
export function cursorDate(value: string): Date | null {
  const at = new Date(value);
  const year = at.getUTCFullYear();
  return Number.isNaN(at.getTime()) || year < 1 || year > 9999 ? null : at;
}
