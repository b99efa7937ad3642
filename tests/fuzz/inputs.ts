/**
 * The fuzz suite's generators and its shared checks. The generators are meant to be nasty: full
 * Unicode with U+0000, lone surrogates and the other control characters; malformed
 * percent-encoding; numbers out of every range; the names JavaScript objects already have
 * (`__proto__`, `constructor`); LIKE and OData metacharacters; real ids of the test's own tenant
 * (so that inputs get past the first check and reach the domain); wrong types; bodies over 1 MB and
 * 10,000 levels deep.
 */
import fc from "fast-check";
import type { PrismaClient } from "@/generated/prisma/client";

/** Strings a person would not type but a client can send. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "a\uDFFFb",
  "\uDBFF\uDBFF",
  "\u0001\u001F\u007F",
  "\t\n\r",
  "%",
  "%00",
  "%FF",
  "%_\\",
  "'",
  "''",
  '"',
  "<script>alert(1)</script>",
  '=HYPERLINK("http://evil.example")',
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "99999999999999999999",
  "1e400",
  "-1",
  "0",
  "-0",
  "NaN",
  "Infinity",
  "0x10",
  "0000-01-01",
  "0000-01-01T00:00:00Z",
  "9999-12-31",
  "+275760-09-13T00:00:00.000Z",
  "2026-02-30",
  "true",
  "on",
  "null",
  "[]",
  "{}",
  "startswith(displayName,'\u0000')",
  "userPrincipalName eq 'a%'",
  "a".repeat(401),
  "x".repeat(3000),
  "ß".repeat(70),
  "😀".repeat(40),
];

/** Ordinary text with one character no text field may hold: U+0000, a lone surrogate, a control character. */
export const dirtyString: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom("\u0000", "\uD800", "\uDBFF", "\uDC00", "\u0001", "\u001B", "\u001F", "\u007F", "\u0008"),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Any text: full Unicode (lone surrogates included), ASCII with controls, one bad character in plain text, or one of the nasty constants. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: dirtyString },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);

/** Numbers JavaScript has, and those it rounds or overflows. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 2 ** 31, 2 ** 53, 1e20, -1e20, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 0.5),
  fc.integer(),
  fc.double(),
);

/** Real values of the test's tenant (ids, UPNs, names), so that some inputs pass validation and reach the domain. */
export function knownValues(values: string[]): fc.Arbitrary<string> {
  return fc.constantFrom(...values);
}

/** One value of any type, with known values of the world mixed in. */
export function anyValue(known: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 4, arbitrary: nastyString },
    { weight: 4, arbitrary: known },
    { weight: 1, arbitrary: nastyNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(nastyString, leaf, { maxKeys: 3 }) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.dictionary(fc.constantFrom("productId", "enabledPlanIds", "skuId", "disabledPlans"), fc.oneof(known, fc.array(known, { maxLength: 3 })), {
          maxKeys: 2,
        }),
        { maxLength: 3 },
      ),
    },
  );
}

/** Valid values per field name (real ids of the test's tenant, enum values…): what lets an input get past its first checks. */
export type ValidValues = Record<string, readonly unknown[]>;

/** A value for `key`: mostly a valid one, else anything nasty. */
export function valueFor(key: string, valid: ValidValues, known: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const good = Object.hasOwn(valid, key) && valid[key].length > 0 ? fc.constantFrom(...valid[key]) : known;
  return fc.oneof({ weight: 5, arbitrary: good }, { weight: 3, arbitrary: nastyString }, { weight: 2, arbitrary: anyValue(known) });
}

const OMIT = Symbol("omit");

/**
 * An input with (most of) the fields of one shape — each present with 85% chance, most values
 * valid and some nasty, so that one bad value often arrives among good ones — or any object with
 * field names from `keys`.
 */
export function inputObject(
  keys: readonly string[],
  known: fc.Arbitrary<string>,
  { shapes = [], valid = {} }: { shapes?: readonly (readonly string[])[]; valid?: ValidValues } = {},
): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: nastyString });
  const loose = fc.dictionary(
    key,
    fc.oneof(
      anyValue(known),
      key.chain((k) => valueFor(k, valid, known)),
    ),
    { maxKeys: 6 },
  );
  if (shapes.length === 0) return loose;
  const shaped = fc
    .constantFrom(...shapes)
    .chain((shape) =>
      fc
        .tuple(...shape.map((k) => fc.option(valueFor(k, valid, known), { freq: 6, nil: OMIT as unknown })))
        .map((values) => Object.fromEntries(shape.map((k, i) => [k, values[i]]).filter(([, v]) => v !== OMIT))),
    );
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: loose });
}

/** A path segment as it travels in a URL: percent-encoded text, raw known values, or malformed encoding. */
export function rawSegment(known: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: known.map(encodeURIComponent) },
    { weight: 3, arbitrary: nastyString.filter((s) => s.length > 0).map(encodeSegment) },
    { weight: 2, arbitrary: fc.constantFrom("%", "%FF", "%E0%A4", "%C0%80", "%ED%A0%80", "a%zz", "%%", "%2", "%00", "%2F", "%5C", "$ref", "$count", "%24ref") },
  );
}

/** Percent-encodes a string (a lone surrogate, which encodeURIComponent refuses, as its raw bytes would be sent: malformed). */
export function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "")) + "%ED%A0";
  }
}

/** A query string: known parameter names (and others), values encoded, raw or malformed; OData filters with nasty literals. */
export function queryString(keys: readonly string[], known: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const filter = fc
    .tuple(
      fc.constantFrom("startswith(displayName,'%s')", "userPrincipalName eq '%s'", "displayName eq '%s'", "id eq '%s'", "mail eq '%s'"),
      fc.oneof(nastyString, known),
    )
    .map(([template, literal]) => `$filter=${encodeSegment(template.replace("%s", literal.replace(/'/g, "''")))}`);
  const value = fc.oneof(
    { weight: 3, arbitrary: nastyString.map(encodeSegment) },
    { weight: 2, arbitrary: known.map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%FF", "%00", "%E0%A4", "99999999999999999999", "1e400", "-5", "0000-01-01", "a".repeat(3000), "__proto__") },
  );
  const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: nastyString.map(encodeSegment) });
  const pair = fc.oneof({ weight: 5, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) }, { weight: 1, arbitrary: filter });
  return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length ? `?${pairs.join("&")}` : ""));
}

/** Bodies a route handler can be sent: JSON of any shape, broken JSON, form data, nothing. */
export function requestBody(
  keys: readonly string[],
  known: fc.Arbitrary<string>,
  shaping: Parameters<typeof inputObject>[2] = {},
): fc.Arbitrary<{ body: string | undefined; type: string | null }> {
  const json = (v: unknown) => ({ body: JSON.stringify(v) ?? "null", type: "application/json" });
  return fc.oneof(
    { weight: 6, arbitrary: inputObject(keys, known, shaping).map(json) },
    { weight: 1, arbitrary: anyValue(known).map(json) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("", "{", '{"user":', "\u0000", "[1,2", '{"a":1}}', "nul", '"\\uD800"', '{"__proto__":{"admin":true}}')
        .map((body) => ({ body, type: "application/json" })),
    },
    { weight: 1, arbitrary: inputObject(keys, known, shaping).map((o) => ({ body: formEncode(o), type: "application/x-www-form-urlencoded" })) },
    { weight: 1, arbitrary: fc.constant({ body: undefined, type: null }) },
  );
}

function formEncode(o: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(o))
    for (const item of Array.isArray(v) ? v : [v])
      form.append(encodeSegment(k), typeof item === "string" ? item.replace(/[\uD800-\uDFFF]/g, "") : (JSON.stringify(item) ?? ""));
  return form.toString();
}

/** Over 1 MB of JSON: one long string in a known field. */
export const hugeJson = (field = "user") => JSON.stringify({ [field]: "a".repeat(1024 * 1024 + 10) });
/** 10,000 levels of nesting, as an array and as an object. */
export const deepArrayJson = () => `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
export const deepObjectJson = (field = "user") => `${`{"${field}":`.repeat(10_000)}1${"}".repeat(10_000)}`;

/**
 * Every table the product writes, as one fingerprint per table (md5 of its rows): equal before and
 * after a refused request means nothing was written. An API token's lastUsedAt (written on use) and
 * the sign-in throttle's counters are left out.
 */
export async function snapshot(db: PrismaClient): Promise<Record<string, string>> {
  const tables = [
    "Tenant",
    "User",
    "Group",
    "GroupMember",
    "GroupLicense",
    "Product",
    "ServicePlan",
    "LicenseAssignment",
    "LicenseSeat",
    "Environment",
    "App",
    "AutoClaimPolicy",
    "PolicyProduct",
    "Launch",
    "LicenseRequest",
    "AuditEntry",
  ];
  const parts = tables.map((t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${t}" x) AS "${t}"`);
  parts.push(
    `(SELECT md5(coalesce(string_agg((x."id", x."name", x."scopes", x."revokedAt")::text, '|' ORDER BY x."id"), '')) FROM "ApiToken" x) AS "ApiToken"`,
  );
  const [row] = await db.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${parts.join(", ")}`);
  return row;
}

/** The differing tables of two snapshots (empty when nothing was written). */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]);
}

/** Seeds for reproducible runs: FUZZ_SEED=… to replay a failure, FUZZ_RUNS=… for a longer search. */
export const FUZZ = {
  seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
  runs: (n: number) => (process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : n),
};
