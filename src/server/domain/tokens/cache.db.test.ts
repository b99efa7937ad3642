/**
 * The API token cache (ADR 32): a cached token costs no SQL; a revocation reaches this process
 * (PGlite: at once) and every other process on the PostgreSQL server (tests/fixtures/token-process.ts,
 * real child processes) within a second, also after the listener's connection was cut; scopes and
 * tenants are never served stale.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb } from "@/server/db/client";
import { createTenant, createUser } from "../../../../tests/factories";
import { createTestDb, TEST_ENGINE, type TestDb } from "../../../../tests/setup/db";
import { migrationScripts } from "../../../../tests/setup/migrations";
import { withAdminClient } from "../../../../tests/setup/postgres";
import { attachTokenCache, TokenCache, type TokenCacheBinding } from "./cache";
import { authenticateToken, createApiToken, revokeApiToken } from "./service";

/** Revocation must reach another process within this; polled, never slept. */
const REACH_MS = 1_000;

let db: PrismaClient;
let close: () => Promise<void>;
let url: string | null = null;
let binding: TokenCacheBinding;
let events: string[] = [];

beforeAll(async () => {
  const log = [{ emit: "event" as const, level: "query" as const }];
  if (TEST_ENGINE === "pglite") {
    const handle = createDb("memory:", { log });
    for (const sql of migrationScripts()) await handle.pglite!.exec(sql);
    db = handle.prisma;
    close = handle.close;
    binding = attachTokenCache(db, { pglite: handle.pglite! });
  } else {
    const test: TestDb = await createTestDb({ log });
    db = test.prisma;
    close = test.close;
    url = test.url!;
    binding = attachTokenCache(db, { url });
  }
  (db as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => events.push(e.query));
  await binding.listener.ready();
}, 60_000);

afterAll(async () => {
  await binding?.close();
  await close?.();
});

async function admin() {
  const tenant = await createTenant(db);
  const user = await createUser(db, tenant, { role: "GLOBAL_ADMIN" });
  return { tenant, user, ctx: { db, actor: { id: user.id, label: user.userPrincipalName }, tenantId: tenant.id } };
}

const bearer = (token: string) => `Bearer ${token}`;

/** Authenticates once (cold), and waits for its lastUsedAt write to be sent, so that later calls count alone. */
async function warm(token: string, id: string, tenantId: string) {
  await authenticateToken(db, bearer(token), ["launches"]);
  await expect.poll(async () => (await db.apiToken.findUniqueOrThrow({ where: { id, tenantId }, select: { lastUsedAt: true } })).lastUsedAt).not.toBeNull();
  await expect.poll(() => events.some((q) => /^\s*UPDATE/i.test(q) && q.includes('"ApiToken"'))).toBe(true);
}

describe("the API token cache, in this process", () => {
  it("serves a cached token with no SQL at all", async () => {
    const { ctx } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "hot", scopes: ["launches"] });
    await warm(token, id, ctx.tenantId);
    events = [];
    await expect(authenticateToken(db, bearer(token), ["launches"])).resolves.toMatchObject({ tokenId: id, tenantId: ctx.tenantId, name: "hot" });
    await expect(authenticateToken(db, bearer(token), ["launches"])).resolves.toMatchObject({ tokenId: id });
    expect(events).toEqual([]);
  });

  it("still refuses a missing scope with 403 from the cache, and sees changed scopes", async () => {
    const { ctx } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "narrow", scopes: ["launches"] });
    await warm(token, id, ctx.tenantId);
    events = [];
    await expect(authenticateToken(db, bearer(token), ["scim"])).rejects.toMatchObject({ httpStatus: 403 });
    expect(events).toEqual([]);
    // Any change of scopes notifies: the process reads the row again and sees them.
    await db.apiToken.update({ where: { id, tenantId: ctx.tenantId }, data: { scopes: ["scim"] } });
    await expect.poll(() => authenticateToken(db, bearer(token), ["scim"]).then((p) => p.scopes), { timeout: REACH_MS }).toEqual(["scim"]);
    await expect(authenticateToken(db, bearer(token), ["launches"])).rejects.toMatchObject({ httpStatus: 403 });
  });

  it("never answers with another tenant's token, nor with a tenant the token no longer has", async () => {
    const a = await admin();
    const b = await admin();
    const ta = await createApiToken(a.ctx, { name: "a", scopes: ["launches"] });
    const tb = await createApiToken(b.ctx, { name: "b", scopes: ["launches"] });
    await warm(ta.token, ta.id, a.tenant.id);
    await warm(tb.token, tb.id, b.tenant.id);
    await expect(authenticateToken(db, bearer(ta.token), ["launches"])).resolves.toMatchObject({ tokenId: ta.id, tenantId: a.tenant.id });
    await expect(authenticateToken(db, bearer(tb.token), ["launches"])).resolves.toMatchObject({ tokenId: tb.id, tenantId: b.tenant.id });
    // A token that moves tenant (no product path does; a database operator might) is read again.
    await db.apiToken.update({ where: { id: ta.id, tenantId: a.tenant.id }, data: { tenantId: b.tenant.id } });
    await expect.poll(() => authenticateToken(db, bearer(ta.token), ["launches"]).then((p) => p.tenantId), { timeout: REACH_MS }).toBe(b.tenant.id);
  });

  it("refuses a revoked token (PGlite: at once; PostgreSQL: as the notification arrives)", async () => {
    const { ctx } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "soon revoked", scopes: ["launches"] });
    await warm(token, id, ctx.tenantId);
    await revokeApiToken(ctx, { tokenId: id });
    if (TEST_ENGINE === "pglite") {
      await expect(authenticateToken(db, bearer(token), ["launches"])).rejects.toMatchObject({ httpStatus: 401 });
    } else {
      await expect
        .poll(
          () =>
            authenticateToken(db, bearer(token), ["launches"]).then(
              () => 200,
              (e) => e.httpStatus,
            ),
          { timeout: REACH_MS },
        )
        .toBe(401);
    }
  });

  it("refuses a deleted token", async () => {
    const { ctx } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "soon deleted", scopes: ["launches"] });
    await warm(token, id, ctx.tenantId);
    await db.apiToken.delete({ where: { id, tenantId: ctx.tenantId } });
    await expect
      .poll(
        () =>
          authenticateToken(db, bearer(token), ["launches"]).then(
            () => 200,
            (e) => e.httpStatus,
          ),
        { timeout: REACH_MS },
      )
      .toBe(401);
  });

  it("keeps lastUsedAt's write off cache hits within the minute", async () => {
    const { ctx } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "quiet", scopes: ["launches"] });
    await warm(token, id, ctx.tenantId);
    events = [];
    for (let i = 0; i < 5; i++) await authenticateToken(db, bearer(token), ["launches"]);
    expect(events.filter((q) => q.includes('"ApiToken"'))).toEqual([]);
  });
});

describe("the cache itself", () => {
  const entry = { tokenId: "t", tenantId: "a", name: "n", scopes: ["launches"], lastUsedAt: null };

  it("serves nothing and keeps nothing until trusted, and forgets all when trust is lost", () => {
    const cache = new TokenCache();
    cache.set("h", entry, cache.epoch());
    expect(cache.get("h")).toBeUndefined();
    cache.setTrusted(true);
    cache.set("h", entry, cache.epoch());
    expect(cache.get("h")).toEqual(entry);
    cache.setTrusted(false);
    expect(cache.get("h")).toBeUndefined();
    cache.setTrusted(true);
    expect(cache.get("h")).toBeUndefined();
  });

  it("does not keep a row read before an invalidation it may predate", () => {
    const cache = new TokenCache();
    cache.setTrusted(true);
    const epoch = cache.epoch();
    cache.invalidate("h");
    cache.set("h", entry, epoch);
    expect(cache.get("h")).toBeUndefined();
  });

  it("lets an entry lapse after its TTL and bounds its size (controlled clock)", () => {
    let now = 1_000;
    const cache = new TokenCache({ max: 2, ttlMs: 60_000, now: () => now });
    cache.setTrusted(true);
    cache.set("h", entry, cache.epoch());
    now += 59_000;
    expect(cache.get("h")).toEqual(entry);
    now += 2_000;
    expect(cache.get("h")).toBeUndefined();
    for (const h of ["x", "y", "z"]) cache.set(h, entry, cache.epoch());
    expect(cache.size).toBe(2);
    expect(cache.get("x")).toBeUndefined();
  });
});

// ── Two app processes on the PostgreSQL server ──────────────────────────────────────────────────

const FIXTURE = path.resolve(import.meta.dirname, "../../../../tests/fixtures/token-process.ts");
const children: ChildProcess[] = [];

interface Proc {
  ask<T = Record<string, unknown>>(command: object): Promise<T>;
  auth(token: string, scope?: string): Promise<{ status: number; tenantId?: string; tokenReads: number }>;
  state(): Promise<{ listening: boolean; pid: number | null; cached: number }>;
}

async function startProcess(databaseUrl: string): Promise<Proc> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, databaseUrl], {
    cwd: path.resolve(import.meta.dirname, "../../../.."),
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`the process exited (${code}): ${stderr}`)));
    lines.on("line", (line) => (line === "READY" ? resolve() : waiting.shift()?.(line)));
  });
  await ready;
  const ask = <T>(command: object) =>
    new Promise<T>((resolve) => {
      waiting.push((line) => resolve(JSON.parse(line) as T));
      child.stdin!.write(`${JSON.stringify(command)}\n`);
    });
  return {
    ask,
    auth: (token, scope = "launches") => ask({ cmd: "auth", token, scope }),
    state: () => ask({ cmd: "state" }),
  };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe.skipIf(TEST_ENGINE !== "postgres")("revocation across processes (PostgreSQL)", () => {
  it("a token revoked in one process is refused by another within a second", async () => {
    const { ctx, user } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "shared", scopes: ["launches"] });
    const [one, two] = await Promise.all([startProcess(url!), startProcess(url!)]);
    // Both authenticate; the second call in each is served from its cache (no token read).
    for (const p of [one, two]) {
      expect(await p.auth(token)).toMatchObject({ status: 200, tenantId: ctx.tenantId });
      expect(await p.auth(token)).toEqual({ status: 200, tenantId: ctx.tenantId, tokenReads: 0 });
    }
    await one.ask({ cmd: "revoke", tokenId: id, tenantId: ctx.tenantId, actorId: user.id });
    await expect.poll(() => two.auth(token).then((r) => r.status), { timeout: REACH_MS, interval: 20 }).toBe(401);
    expect(await one.auth(token)).toMatchObject({ status: 401 });
  }, 60_000);

  it("after its listener's connection is cut, a process stops trusting its cache, reconnects, and still hears revocations", async () => {
    const { ctx, user } = await admin();
    const { id, token } = await createApiToken(ctx, { name: "outage", scopes: ["launches"] });
    const [one, two] = await Promise.all([startProcess(url!), startProcess(url!)]);
    await two.auth(token);
    expect(await two.auth(token)).toMatchObject({ status: 200, tokenReads: 0 });
    const before = await two.state();
    expect(before).toMatchObject({ listening: true, cached: 1 });

    await withAdminClient((c) => c.query("SELECT pg_terminate_backend($1)", [before.pid]), url!);
    // Reconnected on a new backend; what was cached before the cut is gone.
    await expect.poll(() => two.state(), { timeout: 15_000, interval: 50 }).toMatchObject({ listening: true, cached: 0 });
    expect((await two.state()).pid).not.toBe(before.pid);
    expect(await two.auth(token)).toMatchObject({ status: 200, tokenReads: 1 });
    expect(await two.auth(token)).toMatchObject({ status: 200, tokenReads: 0 });

    await one.ask({ cmd: "revoke", tokenId: id, tenantId: ctx.tenantId, actorId: user.id });
    await expect.poll(() => two.auth(token).then((r) => r.status), { timeout: REACH_MS, interval: 20 }).toBe(401);
  }, 60_000);
});
