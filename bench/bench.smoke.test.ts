/**
 * The benchmark's in-process parts at tiny sizes, so that `npm test` catches a bench that no longer
 * runs (no `next build`, no timing asserted): the set-based seed, the SQL captured from
 * recordLaunch, the statement counts, the PGlite claim storm and — on the PostgreSQL server — the
 * bare server replaying the captured SQL, checked against recordLaunch so that the two cannot drift;
 * and serving a waiting list against the bulk-assignment baseline, with its checks, on both.
 * `npm run bench -- --smoke` runs the whole bench, with `next start`, at smoke sizes.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { createDb } from "@/server/db/client";
import { recordLaunch } from "@/server/domain/launches/service";
import { postgresReachable } from "../tests/setup/postgres";
import { startBareServer } from "./bare-server";
import { breakdown } from "./lib/breakdown";
import { runCleanups } from "./lib/cleanup";
import { BENCH_POSTGRES_URL, createPGliteBenchDb, createPostgresBenchDb, pgliteSql, pgSql, withPgClient, type Sql } from "./lib/db";
import { captureLaunchSql, insertColumns, launchSqlInputOf } from "./lib/launch-sql";
import { runLoad } from "./lib/load";
import { categorise } from "./lib/profile";
import { urlPathOf } from "./lib/reports";
import { seedBenchTenant, seedStormTenant, type BenchWorld } from "./lib/seed";
import { measureReclaim } from "./lib/reclaim";
import { measureServing, type ServingResult } from "./lib/serving";
import { measureSimulation } from "./lib/simulation";
import { countStatements } from "./lib/statements";
import { stormInProcess } from "./lib/storm";

const SIZES = { users: 300, assignments: 250, launches: 3_000 };
const LOG: Prisma.PrismaClientOptions["log"] = [{ emit: "event", level: "query" }];
const ci = process.env.CI === "true" || process.env.CI === "1";
const withPostgres = ci || (await postgresReachable(BENCH_POSTGRES_URL));

afterAll(async () => {
  await runCleanups();
});

const SERVING = { waiting: 200, units: 40 };

/** 40 of 200 served, oldest first, in fewer statements than people served (set-based, not a round per person). */
function expectServed(r: ServingResult) {
  expect(r.check).toEqual({ ok: true, served: 40, servedOutOfOrder: 0, servedWithoutLicence: 0, stillWaiting: 160, consumed: 80, purchased: 80 });
  expect(r.serving.statements).toBeLessThan(SERVING.units);
  expect(r.serving.sql.some((q) => q.includes("WaitlistEntry"))).toBe(true);
  expect(r.bulk.statements).toBe(3); // lock the people, one insert, COMMIT
  expect(r.perPerson.statements).toBeGreaterThanOrEqual(SERVING.units * 3);
  expect(r.ratio).toBeGreaterThan(0);
}

async function expectSeeded(sql: Sql, world: BenchWorld) {
  const [counts] = await sql.query<{ users: number; launches: number; assignments: number; consumed: number; claims: number }>(
    `SELECT (SELECT count(*)::int FROM "User" WHERE "tenantId" = $1) AS "users",
            (SELECT count(*)::int FROM "Launch" WHERE "tenantId" = $1) AS "launches",
            (SELECT count(*)::int FROM "LicenseAssignment" WHERE "tenantId" = $1) AS "assignments",
            (SELECT "consumedUnits" FROM "Product" WHERE "id" = $2) AS "consumed",
            (SELECT count(*)::int FROM "Launch" l JOIN "LicenseAssignment" a ON a."launchId" = l."id" WHERE l."reason" = 'AUTO_CLAIMED' AND l."tenantId" = $1) AS "claims"`,
    [world.tenantId, world.products.powerApps],
  );
  // + the admin; every assignment points at an AUTO_CLAIMED launch.
  expect(counts).toEqual({
    users: SIZES.users + 1,
    launches: SIZES.launches,
    assignments: SIZES.assignments,
    consumed: SIZES.assignments,
    claims: SIZES.assignments,
  });
  expect(world.licensedUserIds).toHaveLength(SIZES.assignments);
}

describe("bench smoke (in-process, PGlite)", () => {
  it("seeds set-based, captures the decision's SQL, counts statements, and storms the pool", async () => {
    const handle = await createPGliteBenchDb({ log: LOG });
    try {
      const sql = pgliteSql(handle.pglite!);
      const { world, timings } = await seedBenchTenant(sql, SIZES);
      await expectSeeded(sql, world);
      expect(timings.assignmentsMs).toBeGreaterThan(0);

      const captured = await captureLaunchSql(handle.prisma, launchSqlInputOf(world));
      expect(captured.facts.params.map((p) => p.from).sort()).toEqual(["app", "tenant", "user"]);
      expect([...insertColumns(captured.insertLaunch.text).keys()]).toEqual(expect.arrayContaining(["id", "userId", "reason", "createdAt"]));
      expect(captured.tokenLookup.params.some((p) => p.from === "tokenHash")).toBe(true);
      expect(captured.factsByUpn.text).toMatch(/lower\(u\."userPrincipalName"\)/);
      expect(captured.factsByUpn.params.map((p) => p.from).sort()).toEqual(["app", "tenant", "user"]);

      const storm = await seedStormTenant(sql, { users: 200, units: 20 });
      const result = await stormInProcess(handle.prisma, sql, storm);
      expect(result.reasons).toEqual({ AUTO_CLAIMED: 20, NO_LICENSES_AVAILABLE: 180 });
      expect(result.invariant).toMatchObject({ ok: true, claimed: 20, consumed: 20, purchased: 20 });
    } finally {
      await handle.close();
    }
  });

  it("serves a waiting list when units are added, against a bulk assignment of as many", async () => {
    const handle = await createPGliteBenchDb({ log: LOG });
    try {
      expectServed(await measureServing(pgliteSql(handle.pglite!), handle.prisma, SERVING, "PGlite"));
    } finally {
      await handle.close();
    }
  });

  it("counts statements per decision from Prisma's query events", async () => {
    const counts = await countStatements("memory:");
    const by = Object.fromEntries(counts.map((c) => [c.path.split(" ")[0], c.statements]));
    // An empty pool is known from the facts: refused without a transaction.
    // The claim is one statement after the facts (launch_claim, ADR 34).
    expect(by).toMatchObject({ LICENSED: 2, NOT_REQUIRED: 2, NO_LICENSES_AVAILABLE: 2, AUTO_CLAIMED: 2 });
    // The route's token check reads the row once, then nothing while the process's cache holds it (ADR 32).
    const token = (what: string) => counts.find((c) => c.path.startsWith(`API token check, ${what}`))?.statements;
    expect([token("cold"), token("warm")]).toEqual([1, 0]);
  });

  it("finds report routes by their file path and summarises profiles by package", () => {
    expect(urlPathOf("/x/src/app/(console)/billing/licenses/auto-claim/[id]/report/export/route.ts".replace("/x", process.cwd()), "p1")).toBe(
      "/billing/licenses/auto-claim/p1/report/export",
    );
    expect(urlPathOf(`${process.cwd()}/src/app/api/exports/policies/[policyId]/report/route.ts`, "p1")).toBe("/api/exports/policies/p1/report");
    expect(urlPathOf(`${process.cwd()}/src/app/api/x/[userId]/route.ts`, "p1")).toBeNull();
    expect(categorise("file:///w/node_modules/next/dist/compiled/react-dom/cjs/x.js", "f")).toBe("react (next/dist/compiled)");
    expect(categorise("file:///w/node_modules/@prisma/client/runtime/client.js", "f")).toBe("@prisma/client");
    expect(categorise("", "(garbage collector)")).toBe("GC");
  });
});

describe.skipIf(!withPostgres)("bench smoke (PostgreSQL server)", () => {
  it("serves a waiting list when units are added, against a bulk assignment of as many", async () => {
    const db = await createPostgresBenchDb("bench_test");
    const logged = createDb(db.url, { log: LOG });
    try {
      expectServed(await withPgClient(db.url, (c) => measureServing(pgSql(c), logged.prisma, SERVING, "PostgreSQL")));
    } finally {
      await logged.close();
      await db.drop();
    }
  });

  it("runs reclaim over the large tenant: report only, notices, then releases, against the candidate query alone", async () => {
    const db = await createPostgresBenchDb("bench_test");
    const logged = createDb(db.url, { log: LOG });
    // Enough holders that some have gone 30 days without a covered launch (about 1.5 % of them).
    const sizes = { users: 1_200, assignments: 1_000, launches: 12_000 };
    try {
      const r = await withPgClient(db.url, async (c) => {
        const { world } = await seedBenchTenant(pgSql(c), sizes);
        return measureReclaim(pgSql(c), logged.prisma, world, sizes, "PostgreSQL");
      });
      expect(r.check.ok, JSON.stringify(r.check)).toBe(true);
      expect(r.baseline).toMatchObject({ statements: 1, rows: 1_000 });
      expect(r.reportOnly).toMatchObject({ noticesSent: 0, released: 0 });
      expect(r.notices.noticesSent).toBe(r.reportOnly.candidates);
      expect(r.releases.released).toBe(r.notices.noticesSent);
      // Releases go in chunks, each a few statements: far fewer statements than a round per licence would take.
      expect(r.releases.statements).toBeLessThan(40 + r.releases.released * 12);
    } finally {
      await logged.close();
      await db.drop();
    }
  });

  it("simulates a policy over its tenant's launches in one statement, equal to the naive count, against a count of the window", async () => {
    const db = await createPostgresBenchDb("bench_test");
    try {
      const r = await measureSimulation(db.url, { users: 400, launches: 4_000, samples: 1 });
      expect(r.check.ok, JSON.stringify(r.check)).toBe(true);
      expect([r.managedOnly.statements, r.allEnvironments.statements, r.baseline.statements]).toEqual([1, 1, 1]);
      expect(r.managedOnly.result.wouldClaim).toBeGreaterThan(0);
      expect(r.allEnvironments.result.wouldClaim).toBeGreaterThanOrEqual(r.managedOnly.result.wouldClaim);
    } finally {
      await db.drop();
    }
  });

  it("the bare server replays recordLaunch's SQL and writes the same launch row", async () => {
    const db = await createPostgresBenchDb("bench_test");
    const logged = createDb(db.url, { log: LOG });
    const plain = createDb(db.url);
    try {
      const { world } = await withPgClient(db.url, async (c) => {
        const seeded = await seedBenchTenant(pgSql(c), SIZES);
        await expectSeeded(pgSql(c), seeded.world);
        return seeded;
      });
      const sql = await captureLaunchSql(logged.prisma, launchSqlInputOf(world));
      const bare = await startBareServer({ databaseUrl: db.url, sql, withToken: true, poolSize: 4 });
      try {
        const url = `http://127.0.0.1:${bare.port}/api/v1/launches`;
        const post = async (user: string, app: string) => {
          const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${world.token}` }, body: JSON.stringify({ user, app }) });
          return { status: res.status, body: (await res.json()) as { reason: string; launchId: string } };
        };
        // Drift check: the same launches through the bare server and through recordLaunch record the same rows.
        const user = world.licensedUserIds[1];
        for (const [app, reason] of [
          [world.apps.premiumManaged, "LICENSED"],
          [world.apps.standardStandard, "NOT_REQUIRED"],
        ] as const) {
          const viaBare = await post(user, app);
          expect(viaBare).toMatchObject({ status: 200, body: { reason } });
          const viaCode = await recordLaunch(plain.prisma, { tenantId: world.tenantId, user, appId: app });
          const pick = {
            tenantId: true,
            userId: true,
            appId: true,
            environmentId: true,
            kind: true,
            decision: true,
            reason: true,
            policyId: true,
            productId: true,
          } as const;
          const [a, b] = await Promise.all([
            plain.prisma.launch.findUniqueOrThrow({ where: { id: viaBare.body.launchId }, select: pick }),
            plain.prisma.launch.findUniqueOrThrow({ where: { id: viaCode.launchId }, select: pick }),
          ]);
          expect(a).toEqual(b);
        }
        // The claim: the bare server runs recordLaunch's one claim statement, with the same rows as a result.
        const claimedViaBare = await post(world.allUserIds[0], world.apps.premiumFlow);
        expect(claimedViaBare).toMatchObject({ status: 200, body: { reason: "AUTO_CLAIMED" } });
        const claimedViaCode = await recordLaunch(plain.prisma, { tenantId: world.tenantId, user: world.allUserIds[1], appId: world.apps.premiumFlow });
        const claimPick = { tenantId: true, appId: true, kind: true, decision: true, reason: true, policyId: true, productId: true, trace: true } as const;
        const assignmentPick = { productId: true, policyId: true, productOrder: true, source: true, state: true, disabledPlanIds: true } as const;
        const [bareLaunch, codeLaunch] = await Promise.all(
          [claimedViaBare.body.launchId, claimedViaCode.launchId].map((id) =>
            plain.prisma.launch.findUniqueOrThrow({ where: { id }, select: { ...claimPick, assignment: { select: assignmentPick } } }),
          ),
        );
        expect(bareLaunch.assignment).not.toBeNull();
        expect(bareLaunch).toEqual(codeLaunch);

        const result = await runLoad({
          url,
          method: "POST",
          headers: { authorization: `Bearer ${world.token}` },
          body: () => JSON.stringify({ user: world.licensedUserIds[Math.floor(Math.random() * world.licensedUserIds.length)], app: world.apps.premiumManaged }),
          connections: 4,
          seconds: 1,
          expect: '"reason":"LICENSED"',
        });
        expect(result.requests).toBeGreaterThan(0);
        expect({ non2xx: result.non2xx, errors: result.errors, unexpected: result.unexpected }).toEqual({ non2xx: 0, errors: 0, unexpected: 0 });

        const { timings, plans } = await breakdown(
          db.url,
          plain.prisma,
          sql,
          {
            tenantId: world.tenantId,
            appId: world.apps.premiumManaged,
            token: world.token,
            userIds: world.licensedUserIds,
            upnOf: (i) => `bench.user${i + 1}@${world.domain}`,
            claim: { appId: world.apps.premiumFlow, userIds: world.allUserIds.slice(-40) },
          },
          5,
        );
        expect(timings.map((t) => t.what)).toHaveLength(9);
        expect(plans.factsById.join()).toMatch(/on User/);
      } finally {
        await bare.close();
      }
    } finally {
      await logged.close();
      await plain.close();
      await db.drop();
    }
  });
});
