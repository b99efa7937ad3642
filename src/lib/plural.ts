const number = new Intl.NumberFormat("en-US");

/** A count in words: "1 unit", "3 units", "1 person" / "2 people" (with the plural given). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}
