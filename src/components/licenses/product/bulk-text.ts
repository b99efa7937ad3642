/** Plain-words counts for the product page's bulk changes. */
import { plural } from "@/lib/plural";

export { plural };

/** The people skipped by a bulk change, one line per reason. */
export function skippedSentence(skipped: { userPrincipalName: string | null; reason: string }[]): string {
  const byReason = new Map<string, number>();
  for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${plural(n, "person", "people")} skipped: ${reason}.`).join(" ");
}
