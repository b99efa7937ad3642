/**
 * What the database said when it refused a write, found wherever Prisma 6 and the driver adapters
 * put it: a `PrismaClientKnownRequestError` (P2002 for unique violations; `meta.code`/`meta.message`
 * for raw queries; the adapter's error in `meta.driverAdapterError` or `cause`), a
 * `DriverAdapterError` whose cause is `{ kind: "postgres", code, message }` or
 * `{ kind: "UniqueConstraintViolation", constraint }`, or a bare `pg` error with `code` and
 * `constraint`. The domain names its constraints (Product_units_check, AutoClaimPolicy_one_per_app…)
 * and asks this one place whether an error is about one of them; `asDomainError` maps the
 * refusals a lost race causes to 409 / 404 for every wrapper, and `databaseUnavailable` tells the
 * database being away (unreachable, the connection dropped, a timeout) from everything else: 503.
 */
import { DomainError, NotFoundError } from "@/server/domain/errors";
import { noteDatabaseUnavailable } from "./availability";

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

// ---- lost races, as the typed errors every wrapper answers -------------------------------------

/** Another change of the same thing won a race: 409, with a message that says to look again. */
export class ConcurrentChangeError extends DomainError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: "CONFLICT", httpStatus: 409, cause: options.cause });
  }
}

const SERIALIZATION_FAILURE = "40001";
const DEADLOCK_DETECTED = "40P01";
const FOREIGN_KEY_VIOLATION = "23503";

/** Prisma's own error codes (P2025…) found on the error or its causes. */
function prismaCodes(error: unknown): Set<string> {
  const codes = new Set<string>();
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^P\d{4}$/.test(code)) codes.add(code);
  }
  return codes;
}

// ---- the database away, as 503 ----------------------------------------------------------------

/** Seconds a client is told to wait (Retry-After) when the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot be reached, or stopped answering: 503, with Retry-After. What was asked was
 * not done — unless the database went away just after it committed (the COMMIT's answer lost, or a
 * read after the change failed): a retry is safe and tells (a launch answers LICENSED, a rename
 * changes nothing, a create answers 409).
 */
export class DatabaseUnavailableError extends DomainError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  /** True when the change was committed and only the read of its result failed (readAfterChange). */
  readonly changeMade: boolean;
  constructor(options: { cause?: unknown; changeMade?: boolean } = {}) {
    super(
      options.changeMade
        ? "The change was made, but its result could not be read back: the service's database went away. Read it again in a few seconds."
        : "The service is temporarily unavailable: its database cannot be reached. Try again in a few seconds: trying again is safe, and says whether it was done.",
      { code: "SERVICE_UNAVAILABLE", httpStatus: 503, cause: options.cause },
    );
    this.changeMade = options.changeMade ?? false;
  }
}

/**
 * The read that builds an answer after a committed change: if the database goes away now, the 503
 * says that the change was made (instead of leaving the client to guess).
 */
export async function readAfterChange<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (databaseUnavailable(error)) {
      noteDatabaseUnavailable();
      throw new DatabaseUnavailableError({ cause: error, changeMade: true });
    }
    throw error;
  }
}

/** Prisma's codes for a database that cannot be reached, timed out, or closed the connection. */
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapters' kinds for the same (adapter-pg turns ECONNREFUSED, ECONNRESET, ETIMEDOUT into these). */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/**
 * SQLSTATEs: class 08 (connection exception), 53300 too many connections, 57014 a statement
 * cancelled by statement_timeout, 57P01–57P03 the server shutting down or starting, 25P03 a
 * session ended for idling in a transaction.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57014|57P0[1-3]|25P03)$/;
/** What pg, pg-pool and PGlite say when a connection fails, times out or is gone (they carry no code). */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool|PGlite is closed)$/;

/**
 * True when `error` (or any cause on its chain) says the database is away rather than refusing
 * this request: the one rule for 503 (ADR 26). A refusal of the request itself (a constraint, a
 * lost race, bad SQL) is never one.
 */
export function databaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof DatabaseUnavailableError) return true;
    const o = e as ErrorLike & { errorCode?: unknown };
    for (const code of [o.code, o.errorCode, o.originalCode, o.meta?.code]) {
      if (typeof code !== "string") continue;
      if (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
    }
    if (typeof o.kind === "string" && UNAVAILABLE_KINDS.has(o.kind)) return true;
    if (typeof o.message === "string" && UNAVAILABLE_MESSAGE.test(o.message.trim())) return true;
    queue.push(o.cause, o.meta?.driverAdapterError);
  }
  return false;
}

/**
 * The one mapper of database refusals that a concurrent change causes — called by the catch
 * blocks of apiRoute, graphRoute and action() after the domain had its chance to name them:
 * - a unique violation (P2002, 23505): someone else made the same thing first → 409;
 * - a row to change or delete that is gone (P2025), or a foreign key to a row just removed
 *   (P2003, 23503) → 404 / 409;
 * - a serialization failure or deadlock (P2034, 40001, 40P01) → 409, try again;
 * - the database away (databaseUnavailable) → 503 DatabaseUnavailableError, with Retry-After.
 * A DomainError is returned as it is; anything else → null (the wrapper's 500, logged).
 */
export function asDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (databaseUnavailable(error)) {
    noteDatabaseUnavailable();
    return new DatabaseUnavailableError({ cause: error });
  }
  const codes = prismaCodes(error);
  const sqlstate = dbViolation(error)?.sqlstate;
  if (codes.has("P2025")) {
    return new NotFoundError("That no longer exists: it was just removed or deleted, perhaps by someone else. Reload to see the current state.");
  }
  if (sqlstate === UNIQUE_VIOLATION) {
    return new ConcurrentChangeError("That already exists: someone else made the same change at the same moment. Reload to see the current state.", {
      cause: error,
    });
  }
  if (codes.has("P2003") || sqlstate === FOREIGN_KEY_VIOLATION) {
    return new ConcurrentChangeError("Something this change refers to was just changed or removed. Reload and try again.", { cause: error });
  }
  if (isRetryableConflict(error)) {
    return new ConcurrentChangeError("Someone else changed this at the same moment. Try again.", { cause: error });
  }
  return null;
}

/**
 * A serialization failure or a deadlock (P2034, 40001, 40P01): PostgreSQL rolled the whole
 * transaction back, so running it again from the start is safe.
 */
export function isRetryableConflict(error: unknown): boolean {
  const sqlstate = dbViolation(error)?.sqlstate;
  return prismaCodes(error).has("P2034") || sqlstate === SERIALIZATION_FAILURE || sqlstate === DEADLOCK_DETECTED;
}
