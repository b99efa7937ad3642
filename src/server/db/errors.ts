/**
 * What the database said when it refused a write, found wherever Prisma 6 and the driver adapters
 * put it: a `PrismaClientKnownRequestError` (P2002 for unique violations; `meta.code`/`meta.message`
 * for raw queries; the adapter's error in `meta.driverAdapterError` or `cause`), a
 * `DriverAdapterError` whose cause is `{ kind: "postgres", code, message }` or
 * `{ kind: "UniqueConstraintViolation", constraint }`, or a bare `pg` error with `code` and
 * `constraint`. The domain names its constraints (Product_units_check, AutoClaimPolicy_one_per_app…)
 * and asks this one place whether an error is about one of them.
 */

export const UNIQUE_VIOLATION = "23505";
export const CHECK_VIOLATION = "23514";

export interface DbViolation {
  /** The SQLSTATE: 23505 (unique) or 23514 (check), or another the database gave. */
  sqlstate: string;
  /** Every constraint name, message and target found on the way: search them for a constraint's name. */
  texts: string[];
}

type ErrorLike = {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  constraint?: unknown;
  message?: unknown;
  originalMessage?: unknown;
  cause?: unknown;
  meta?: { code?: unknown; message?: unknown; target?: unknown; constraint?: unknown; driverAdapterError?: unknown };
};

/** A PostgreSQL SQLSTATE; Prisma's own codes (P1xxx–P6xxx) are not ones (PL/pgSQL's P0xxx are). */
const SQLSTATE = /^(?!P[1-9])[0-9A-Z]{5}$/;

export function dbViolation(error: unknown): DbViolation | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  let sqlstate: string | null = null;
  const texts: string[] = [];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as ErrorLike;
    for (const code of [o.code, o.originalCode, o.meta?.code]) {
      if (code === "P2002") sqlstate ??= UNIQUE_VIOLATION;
      else if (typeof code === "string" && SQLSTATE.test(code)) sqlstate ??= code;
    }
    if (o.kind === "UniqueConstraintViolation") sqlstate ??= UNIQUE_VIOLATION;
    for (const value of [o.constraint, o.message, o.originalMessage, o.meta?.message, o.meta?.target, o.meta?.constraint]) collectStrings(value, texts);
    queue.push(o.cause, o.meta?.driverAdapterError);
  }
  return sqlstate ? { sqlstate, texts } : null;
}

/** True when `error` is the database refusing a write with `sqlstate` on the constraint or index `name`. */
export function violates(error: unknown, sqlstate: string, name: string): boolean {
  const v = dbViolation(error);
  return v !== null && v.sqlstate === sqlstate && v.texts.some((t) => t.includes(name));
}

function collectStrings(value: unknown, out: string[], depth = 0): void {
  if (depth > 3 || value == null) return;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}
