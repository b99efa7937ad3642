/**
 * Search params of the console's pages (and of the route handlers that share their schemas): zod
 * primitives for what a URL can carry, and one parser that never throws. A page is reached by
 * links people copy, edit and truncate, so a bad parameter is not an error page: it is ignored,
 * its default is used, and the page says which parameter was ignored and why.
 *
 * - text goes through the one text primitive (../lib/text.ts): control characters and lone
 *   surrogates are refused with a message, never sent to the database;
 * - page numbers are clamped to 1…MAX_PAGE (99999999999999999999, 1e400, -3 and "abc" are all a
 *   page the database can skip to);
 * - days are real calendar days of the years 1900–9999 (PostgreSQL has no year 0);
 * - cursors are bounded opaque text;
 * - links back to a page carry only what differs from its defaults (queryHref), so they stay short.
 */
import { z } from "zod";
import { text } from "./text";

/** The value a search param gives when it is repeated (`?q=a&q=b`): the first. */
export const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** Highest page number a URL may ask for; higher asks are this page (services clamp to the last page anyway). */
export const MAX_PAGE = 100_000;

/** A page number: 1 when absent or not a number, clamped to 1…MAX_PAGE, rounded down. */
export const pageNumber = z.preprocess((v) => {
  const s = first(v);
  const n = typeof s === "string" && s.trim() !== "" ? Number(s) : typeof s === "number" ? s : NaN;
  if (Number.isNaN(n) || n < 1) return 1;
  return Math.min(MAX_PAGE, Math.floor(n));
}, z.number().int().min(1).max(MAX_PAGE));

/** Search text: "" when absent; one line, at most `max` characters, clean (else a message). */
export const searchText = (max: number, label = "Search") =>
  z.preprocess((v) => (typeof first(v) === "string" ? first(v) : ""), text({ max, label, tooLong: `${label} can be at most ${max} characters.` }));

/** A choice among fixed values (a select's value): "" when absent; clean text. */
export const filterText = searchText;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** True for "yyyy-mm-dd" naming a real day of the years MIN_YEAR…MAX_YEAR. */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A UTC day "yyyy-mm-dd": "" when absent, else a real day of 1900–9999 (else a message). */
export const dayParam = (label = "Date") =>
  z.preprocess(
    (v) => (typeof first(v) === "string" ? String(first(v)).trim() : ""),
    z.string().refine((s) => s === "" || isDay(s), { message: `${label} must be a day between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31, as YYYY-MM-DD.` }),
  );

/** An opaque keyset cursor from a link: undefined when absent; at most `max` characters of clean text. */
export const cursorParam = (max: number) =>
  z.preprocess(
    (v) => (typeof first(v) === "string" && first(v) !== "" ? first(v) : undefined),
    text({ max, label: "The page link", tooLong: "The page link is too long; go back to the first page." }).optional(),
  );

export type QueryProblems = Record<string, string[]>;

/**
 * Parses search params with `schema` and never throws: each top-level parameter that fails is
 * dropped (so its default applies) and reported in `problems`, beside its name.
 */
export function parseSearchParams<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  raw: Record<string, unknown> | URLSearchParams,
): { data: z.output<S>; problems: QueryProblems } {
  let input: Record<string, unknown> =
    raw instanceof URLSearchParams ? Object.fromEntries([...new Set(raw.keys())].map((k) => [k, raw.getAll(k)])) : { ...raw };
  const problems: QueryProblems = {};
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { data: parsed.data, problems };
    const bad = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 0 ? String(issue.path[0]) : "";
      (problems[key || "query"] ??= []).push(issue.message);
      bad.add(key);
    }
    if (bad.has("")) break;
    input = Object.fromEntries(Object.entries(input).filter(([k]) => !bad.has(k)));
  }
  return { data: schema.parse({}), problems };
}

/** A value a link puts in the query string: text, a number, or a flag ("1" when true). */
export type QueryValue = string | number | boolean | null | undefined;

/**
 * The URL of `base` with `params` in the query string, in their order, leaving out each one that is
 * empty (undefined, null, "" or false) or equal to its entry in `defaults`; true is written "1".
 * A page's links use it so that they carry only what differs from the page's defaults.
 */
export function queryHref(base: string, params: Record<string, QueryValue>, defaults: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false || value === defaults[key]) continue;
    search.set(key, value === true ? "1" : String(value));
  }
  const s = search.toString();
  return s ? `${base}?${s}` : base;
}
