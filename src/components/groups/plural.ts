/** "1 unit", "3 units", "0 members". */
export function plural(n: number, word: string): string {
  return `${new Intl.NumberFormat("en-US").format(n)} ${word}${n === 1 ? "" : "s"}`;
}
