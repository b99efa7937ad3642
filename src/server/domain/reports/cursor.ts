/**
 * Keyset cursors: the sort value and the id of the row a page starts after (or ends before),
 * carried in the URL as base64url JSON. A cursor that does not decode is ignored (first page).
 */
import { isUuid } from "../users/lookup";

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
    return { value, id };
  } catch {
    return null;
  }
}
