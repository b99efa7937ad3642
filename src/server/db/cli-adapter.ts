/**
 * The Prisma CLI (migrate, db push, studio) on Prisma 6.19's JavaScript schema engine, with a
 * driver adapter instead of native engines (docs/decisions/0002-prisma-js-schema-engine.md).
 * Loaded only by prisma.config.ts, i.e. only inside the CLI process. Each workaround below is
 * small, named, and covered by cli-adapter.test.ts; drop one when the upstream issue is fixed.
 */
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { randomBytes } from "node:crypto";
import { openPGlite, parseDatabaseUrl, pgAdapterFactory, pgliteAdapterFactory } from "./adapter";
import { DataDirLockedError } from "./lock";

/**
 * Workaround 1 — the schema engine's WASM build leaves a 60 s timer pending, so every CLI command
 * would take ~61 s. Timers of 10 s or more are unref'd: they still fire while the process is busy
 * but no longer keep it alive. (At a 1 s threshold, a failing download was silently swallowed.)
 */
export const LONG_TIMER_MS = 10_000;
export function unrefLongTimers(): void {
  const g = globalThis as typeof globalThis & { __longTimersUnrefd?: boolean };
  if (g.__longTimersUnrefd) return;
  g.__longTimersUnrefd = true;
  const original = globalThis.setTimeout;
  const patched = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const timer = original(handler as (...a: unknown[]) => void, ms, ...args);
    if ((ms ?? 0) >= LONG_TIMER_MS && typeof timer?.unref === "function") timer.unref();
    return timer;
  }) as unknown as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}

/**
 * Workaround 2 — prisma/orm#27403: the engine's catalog queries return PostgreSQL-internal column
 * types ("char" 18, name 19, regproc 24, pg_node_tree 194, …) that @prisma/adapter-pg refuses with
 * "Column type 'name' could not be deserialized". In the CLI process only, such columns are
 * relabelled as text (arrays of them as text[]) before the adapter sees the field list. Their text
 * form is what the engine expects.
 */
const TEXT = 25;
const TEXT_ARRAY = 1009;
/** Built-in types below FirstNormalObjectId that adapter-pg maps itself. */
const ADAPTER_PG_SCALARS = new Set([
  16, 17, 20, 21, 23, 25, 26, 114, 700, 701, 790, 1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560, 1562, 1700, 3802, 650, 869, 142, 2950,
]);
const ADAPTER_PG_ARRAYS = new Set([
  1000, 1001, 1002, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182, 1183, 1185, 1231, 1270, 1561, 1563, 199, 3807, 2951, 651, 143, 791,
]);
/** Internal array types the catalog queries return (name[], regproc[], oidvector-like …). */
const INTERNAL_ARRAYS = new Set([
  1003, 1006, 1008, 1010, 1011, 1012, 1013, 1017, 1018, 1019, 1020, 1027, 2201, 2207, 2208, 2209, 2210, 2211, 3643, 3644, 3735, 3770,
]);
const FIRST_NORMAL_OBJECT_ID = 16384;

export function relabelTypeId(oid: number): number {
  if (oid >= FIRST_NORMAL_OBJECT_ID || ADAPTER_PG_SCALARS.has(oid) || ADAPTER_PG_ARRAYS.has(oid)) return oid;
  return INTERNAL_ARRAYS.has(oid) ? TEXT_ARRAY : TEXT;
}

/** The single-byte "char" type (pg_constraint.contype, …): the engine reads it as a character. */
const PG_CHAR = 18;
type PgField = { dataTypeID: number; wasPgChar?: boolean };

export function relabelInternalPgTypes(): void {
  const proto = (pg as unknown as { Result: { prototype: { addFields(f: PgField[]): void; __relabelled?: boolean } } }).Result.prototype;
  if (proto.__relabelled) return;
  proto.__relabelled = true;
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const field of fields) {
      if (field.dataTypeID === PG_CHAR) field.wasPgChar = true;
      field.dataTypeID = relabelTypeId(field.dataTypeID);
    }
    return addFields.call(this, fields);
  };
}

/**
 * …and columns that were "char" are reported to the engine as Character (what
 * pglite-prisma-adapter does natively); reported as Text, the engine panics ("unreachable") while
 * introspecting CHECK constraints.
 */
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character
function reportPgCharColumns(adapter: SqlDriverAdapter): void {
  type IO = { fields: PgField[] };
  const inner = adapter as unknown as { performIO(q: unknown): Promise<IO>; queryRaw: SqlDriverAdapter["queryRaw"] };
  const charColumns = new WeakMap<object, number[]>();
  const self = adapter as unknown as typeof inner;
  const performIO = inner.performIO;
  const queryRaw = inner.queryRaw;
  self.performIO = async function (this: unknown, query: object) {
    const result = await performIO.call(this, query);
    charColumns.set(
      query,
      result.fields.flatMap((f, i) => (f.wasPgChar ? [i] : [])),
    );
    return result;
  };
  self.queryRaw = async function (this: unknown, query) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(query) ?? []) (result.columnTypes as number[])[i] = CHARACTER_COLUMN;
    return result;
  };
}

/**
 * Workaround 3 — migration scripts reach the adapter two ways, both broken for scripts of several
 * statements: executeScript (adapter-pg splits it on ";", which breaks any function body such as
 * our licence-integrity triggers; pglite-prisma-adapter does not await it) and, when the engine
 * replays migrations on the shadow database, executeRaw(script, []) (sent through the extended
 * protocol, which refuses "multiple commands in a prepared statement"). Parameterless SQL is sent
 * whole through the simple protocol, which runs it statement by statement.
 */
type RunScript = (sql: string) => Promise<number>;
function sendScriptsWhole(adapter: SqlDriverAdapter, run: RunScript): SqlDriverAdapter {
  const wrapped = Object.create(adapter) as SqlDriverAdapter;
  wrapped.executeScript = async (script: string) => {
    await run(script);
  };
  wrapped.executeRaw = async (query) => (query.args.length > 0 ? adapter.executeRaw(query) : run(query.sql));
  return wrapped;
}

function lastRowCount(result: pg.QueryResult | pg.QueryResult[]): number {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return last?.rowCount ?? 0;
}

/**
 * Workaround 4 — adapter-pg's shadow database: given a connection string it ends up on the main
 * database and replays migrations into it. Here the shadow database is a real, uniquely named
 * database, created on connect and dropped (WITH (FORCE)) after its pool is closed.
 */
function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  // Idle pooled connections must not keep the CLI process alive for pg's 10 s idle timeout.
  const main = pgAdapterFactory(url, { allowExitOnIdle: true });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => wrapPg(await main.connect()),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${Date.now()}_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const shadow = wrapPg(await pgAdapterFactory(shadowUrl.toString(), { allowExitOnIdle: true }).connect());
      const wrapped = Object.create(shadow) as SqlDriverAdapter;
      wrapped.dispose = async () => {
        await shadow.dispose();
        const dropper = new pg.Client({ connectionString: url });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      };
      return wrapped;
    },
  };
}

function wrapPg(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const pool = (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
  const wrapped = sendScriptsWhole(adapter, async (sql) => lastRowCount(await pool.query(sql)));
  reportPgCharColumns(wrapped);
  return wrapped;
}

/**
 * Workaround 5 — pglite-prisma-adapter 0.6.1 for the CLI: besides workaround 3 (through PGlite's
 * exec()), dispose must close PGlite, or the open database keeps the process alive, and the shadow
 * database is an in-memory PGlite, closed on dispose.
 */
async function pgliteCliAdapter(db: PGlite): Promise<SqlDriverAdapter> {
  const inner = await pgliteAdapterFactory(db).connect();
  const wrapped = sendScriptsWhole(inner, async (sql) => (await db.exec(sql)).at(-1)?.affectedRows ?? 0);
  wrapped.dispose = async () => {
    if (!db.closed) await db.close();
  };
  return wrapped;
}

/**
 * Workaround 6 — the CLI reports an adapter's failure to connect as "External error id#0": a data
 * directory held by another process (lock.ts) is said plainly instead, and the command stops at once.
 */
function openOrExit(dataDir: string | null): PGlite {
  try {
    return openPGlite(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}

function pgliteFactory(dataDir: string | null): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: async () => pgliteCliAdapter(openOrExit(dataDir)),
    connectToShadowDb: async () => pgliteCliAdapter(openPGlite(null)),
  };
}

/** The adapter factory prisma.config.ts hands to the CLI, with the workarounds above applied. */
export function cliAdapterFactory(url: string | undefined = process.env.DATABASE_URL): SqlMigrationAwareDriverAdapterFactory {
  unrefLongTimers();
  const target = parseDatabaseUrl(url);
  if (target.kind === "postgres") {
    relabelInternalPgTypes();
    return postgresFactory(target.url);
  }
  return pgliteFactory(target.dataDir);
}
