/**
 * SPEC §3's invariants across processes: two `next start` processes share one PostgreSQL database
 * and take a claim storm through POST /api/v1/launches. Needs the PostgreSQL server (mandatory in
 * CI) and the production build the other specs use.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createDb, type DbHandle } from "../../src/server/db/client";
import { hashToken } from "../../src/server/domain/tokens/hash";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant } from "../factories";
import { migrationScripts } from "../setup/migrations";
import { databaseUrl, postgresReachable, TEST_POSTGRES_URL, withAdminClient } from "../setup/postgres";

const root = path.resolve(import.meta.dirname, "../..");
const PORTS = [Number(process.env.E2E_PORT ?? 3100) + 101, Number(process.env.E2E_PORT ?? 3100) + 102];
const TOKEN = `storm-${randomBytes(16).toString("hex")}`;
const dbName = `e2e_storm_${randomBytes(4).toString("hex")}`;

let handle: DbHandle | undefined;
let servers: ChildProcess[] = [];
let world: { appId: string; productId: string; backupId: string; userIds: string[]; loneUserId: string };

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (!(await postgresReachable())) {
    if (ci) throw new Error(`PostgreSQL is not reachable at ${TEST_POSTGRES_URL}; CI must run this spec`);
    test.skip(true, `no PostgreSQL at ${TEST_POSTGRES_URL}`);
  }
  await withAdminClient((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const url = databaseUrl(dbName);
  await withAdminClient(async (c) => {
    for (const sql of migrationScripts()) await c.query(sql);
  }, url);
  handle = createDb(url);
  const db = handle.prisma;
  const tenant = await createTenant(db, { autoClaimEnabled: true });
  const product = await createProduct(db, tenant.id, { purchasedUnits: 50, displayName: "Power Apps Premium" });
  const backup = await createProduct(db, tenant.id, { purchasedUnits: 5, displayName: "Power Apps per app" });
  const env = await createEnvironment(db, tenant.id, { managed: true });
  const app = await createApp(db, tenant.id, env.id, { premium: true });
  await createPolicy(db, tenant.id, { productIds: [product.id] });
  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: 501 }, (_, i) => ({ tenantId: tenant.id, displayName: `Storm ${i}`, userPrincipalName: `storm${i}@${tenant.domain}` })),
    select: { id: true },
  });
  await db.apiToken.create({ data: { tenantId: tenant.id, name: "storm", tokenHash: hashToken(TOKEN), prefix: TOKEN.slice(0, 8), scopes: ["launches"] } });
  world = { appId: app.id, productId: product.id, backupId: backup.id, userIds: users.slice(0, 500).map((u) => u.id), loneUserId: users[500].id };

  servers = PORTS.map((port) =>
    spawn(path.join(root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, DATABASE_URL: url, DEMO_MODE: "false", AUTH_SECRET: randomBytes(24).toString("hex"), NODE_ENV: "production" },
    }),
  );
  for (const port of PORTS) {
    await expect
      .poll(
        async () => (await fetch(`http://127.0.0.1:${port}/api/v1/apps`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => null))?.status ?? 0,
        { timeout: 120_000, intervals: [500] },
      )
      .toBe(200);
    // Warm each process's launch route (a refused body loads it and its database pool) so that both race from the start.
    const warm = await fetch(`http://127.0.0.1:${port}/api/v1/launches`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(warm.status).toBe(400);
  }
});

test.afterAll(async () => {
  for (const s of servers) s.kill("SIGTERM");
  await handle?.close();
  await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => {});
});

async function launch(port: number, user: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/launches`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ user, app: world.appId }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { reason: string; assignment?: { product: { id: string } } };
}

test("500 distinct users across two processes claim exactly the 50 units", async () => {
  // A first burst of 60 (30 to each process) outruns the 50 units, so the last units are raced for
  // across processes; neither process can take more than its 30, so both claim some whatever their
  // speeds. The other 440 then arrive together on an exhausted pool.
  const first = world.userIds.slice(0, 60);
  const rest = world.userIds.slice(60);
  const results = [
    ...(await Promise.all(first.map((id, i) => launch(PORTS[i % 2], id)))),
    ...(await Promise.all(rest.map((id, i) => launch(PORTS[i % 2], id)))),
  ];
  const count = (reason: string) => results.filter((r) => r.reason === reason).length;
  expect({ claimed: count("AUTO_CLAIMED"), refused: count("NO_LICENSES_AVAILABLE") }).toEqual({ claimed: 50, refused: 450 });
  // Both processes claimed some (even indexes went to the first process, odd to the second).
  expect(results.filter((r, i) => i % 2 === 0 && r.reason === "AUTO_CLAIMED").length).toBeGreaterThan(0);
  expect(results.filter((r, i) => i % 2 === 1 && r.reason === "AUTO_CLAIMED").length).toBeGreaterThan(0);
  const db = handle!.prisma;
  const product = await db.product.findUniqueOrThrow({ where: { id: world.productId } });
  expect({ consumed: product.consumedUnits, purchased: product.purchasedUnits }).toEqual({ consumed: 50, purchased: 50 });
  const holders = await db.licenseAssignment.groupBy({ by: ["userId"], where: { productId: world.productId }, _count: { _all: true } });
  expect(holders).toHaveLength(50);
  expect(holders.every((h) => h._count._all === 1)).toBe(true);
});

test("50 concurrent launches of one user across two processes claim one unit", async () => {
  const db = handle!.prisma;
  // Give the policy a backup with units, so that a second claim would have somewhere to go.
  const policy = await db.autoClaimPolicy.findFirstOrThrow({ where: { products: { some: { productId: world.productId } } } });
  await db.policyProduct.create({ data: { policyId: policy.id, productId: world.backupId, position: 1, disabledPlanIds: [] } });
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => launch(PORTS[i % 2], world.loneUserId)));
  expect(results.filter((r) => r.reason === "AUTO_CLAIMED")).toHaveLength(1);
  expect(results.filter((r) => r.reason === "LICENSED")).toHaveLength(49);
  expect(await db.licenseAssignment.count({ where: { userId: world.loneUserId } })).toBe(1);
});
