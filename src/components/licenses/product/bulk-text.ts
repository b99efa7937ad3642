/** Plain-words counts for the product page's bulk changes. */
const number = new Intl.NumberFormat("en-US");

/** "3 people", "1 unit"… */
export const plural = (n: number, one: string, many = `${one}s`) => `${number.format(n)} ${n === 1 ? one : many}`;

/** The people skipped by a bulk change, one line per reason. */
export function skippedSentence(skipped: { userPrincipalName: string | null; reason: string }[]): string {
  const byReason = new Map<string, number>();
  for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${plural(n, "person", "people")} skipped: ${reason}.`).join(" ");
}
