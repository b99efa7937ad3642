/** Shared steps of the demo, reset and e2e scripts. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseDatabaseUrl } from "@/server/db/adapter";
import { DataDirLockedError, holdDataDir } from "@/server/db/lock";
import { seed } from "../prisma/seed";

export const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** Runs a project binary (prisma, next…) with inherited output; rejects on a non-zero exit. */
export function run(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(command), args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`))));
  });
}

/** Starts a project binary that runs until stopped (a server), with inherited output. */
export function start(command: string, args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
  return spawn(bin(command), args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
}

/** The database a PostgreSQL URL names, created afresh (dropped first if it exists) or dropped, through the server's `postgres` database. */
export async function recreatePostgresDatabase(url: string, { drop = false }: { drop?: boolean } = {}): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    if (!drop) await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
}

/**
 * An embedded database's directory is held by this script from its first step to its exit, and
 * passed on to the processes it starts (prisma migrate, next start): a second script, migrate,
 * seed or app on the same directory is refused at once, naming this one (src/server/db/lock.ts).
 */
export function holdDatabase(url: string): void {
  const target = parseDatabaseUrl(url);
  if (target.kind !== "pglite" || !target.dataDir) return;
  try {
    holdDataDir(target.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}

/** Empties the database DATABASE_URL names: the PGlite directory (held first: never one in use), or the PostgreSQL schema. */
export async function dropDatabase(url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  if (target.kind === "pglite") {
    holdDatabase(url);
    if (target.dataDir) fs.rmSync(target.dataDir, { recursive: true, force: true });
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

/** Migrates (prisma migrate deploy) and seeds (a no-op when Contoso exists). */
export async function prepareDatabase(url: string, { demo }: { demo: boolean }): Promise<void> {
  holdDatabase(url);
  const env = { DATABASE_URL: url, DEMO_MODE: demo ? "true" : "false" };
  await run("prisma", ["migrate", "deploy"], env);
  Object.assign(process.env, env);
  await seed(url);
}
