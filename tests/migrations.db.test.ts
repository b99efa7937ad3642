/**
 * The real CLI path on a fresh database: `prisma migrate deploy` (Prisma's JS schema engine through
 * our adapter, src/server/db/cli-adapter.ts), then `npm run db:seed`, then the expected counts.
 * Also: the schema and the migration history agree (no migration is missing).
 * On PGlite (a fresh directory) in the "pglite" project, on the PostgreSQL server in "postgres".
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { TEST_ENGINE } from "./setup/db";
import { databaseUrl, withAdminClient } from "./setup/postgres";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

let url = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  if (TEST_ENGINE === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoclaim-migrate-"));
    url = `file:${dir}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `migrate_${randomBytes(4).toString("hex")}`;
    await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
    url = databaseUrl(name);
    cleanup = () => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {});
  }
});
afterAll(() => cleanup());

/** Each test runs the CLI in child processes (each up to 170 s): a busy machine needs more than the default 30 s. */
const CLI_TEST_TIMEOUT = 180_000;

function cli(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  return run(bin(command), args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, DEMO_MODE: "false", ...extraEnv },
    timeout: CLI_TEST_TIMEOUT - 10_000,
  });
}

/** `prisma migrate deploy`, run once, by whichever test needs the migrated database first. */
let deployment: Promise<{ stdout: string; ms: number }> | undefined;
function deploy() {
  deployment ??= (async () => {
    const started = Date.now();
    const { stdout } = await cli("prisma", ["migrate", "deploy"]);
    return { stdout, ms: Date.now() - started };
  })();
  return deployment;
}

describe(`migrate deploy and seed on a fresh ${TEST_ENGINE} database`, { timeout: CLI_TEST_TIMEOUT }, () => {
  it("applies every migration with the CLI, quickly", async () => {
    const { stdout, ms } = await deploy();
    expect(stdout).toMatch(/All migrations have been successfully applied/);
    // The engine's 60 s timer no longer holds the process (cli-adapter workaround 1).
    expect(ms).toBeLessThan(30_000);
    const status = await cli("prisma", ["migrate", "status"]);
    expect(status.stdout).toMatch(/Database schema is up to date/);
  });

  it("seeds the demo tenant with the expected counts", async () => {
    await deploy();
    const { stdout } = await cli("tsx", ["prisma/seed.ts"]);
    expect(stdout).toMatch(/Seed: Contoso with 51 users/);
    const { prisma, close } = createDb(url);
    try {
      expect(await prisma.tenant.count()).toBe(1);
      expect(await prisma.user.count()).toBe(51);
      expect(await prisma.group.count()).toBe(4);
      expect(await prisma.environment.count()).toBe(3);
      expect(await prisma.app.count()).toBe(12);
      expect(await prisma.product.count()).toBe(4);
      expect(await prisma.autoClaimPolicy.count({ where: { autoCreated: true } })).toBe(1);
      expect(await prisma.launch.count()).toBeGreaterThan(1000);
    } finally {
      await close();
    }
    // Seeding again is a no-op.
    const again = await cli("tsx", ["prisma/seed.ts"]);
    expect(again.stdout).toMatch(/already exists; nothing to do/);
  });

  it("finds no difference between the migrations and schema.prisma", async () => {
    const { stdout } = await cli("prisma", [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--exit-code",
    ]);
    expect(stdout).toMatch(/No difference detected/);
  });
});
