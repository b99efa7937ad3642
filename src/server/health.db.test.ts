/** Readiness (src/server/health.ts, GET /api/v1/health) on a database of its own. */
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/health/route";
import { useAppDb } from "../../tests/setup/app-db";
import { useTestDb } from "../../tests/setup/db";
import { migrationNames, recordMigrationsApplied } from "../../tests/setup/migrations";
import { createTenant } from "../../tests/factories";
import { readiness } from "./health";

const t = useTestDb();

beforeAll(() => useAppDb(t.db));

describe("readiness", () => {
  it("is ready when the database answers and every migration is applied, and reports the backlog", async () => {
    await recordMigrationsApplied(t.prisma);
    const tenant = await createTenant(t.prisma);
    const email = await t.prisma.emailOutbox.count({ where: { status: "PENDING" } });
    const r = await readiness(t.prisma);
    expect(r).toMatchObject({
      status: "ready",
      database: { reachable: true, latencyMs: expect.any(Number) },
      migrations: { current: true, applied: migrationNames().length, missing: [] },
      backlog: { email: { pending: email }, webhooks: { pending: expect.any(Number) }, reclaimRuns: { pending: expect.any(Number) } },
    });
    expect(tenant.id).toBeTruthy();
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("retry-after")).toBeNull();
  });

  it("is unavailable, naming what is missing, when a migration of this build is not applied", async () => {
    await recordMigrationsApplied(t.prisma);
    const last = migrationNames().at(-1)!;
    await t.prisma.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = $1`, last);
    const r = await readiness(t.prisma);
    expect(r).toMatchObject({ status: "unavailable", database: { reachable: true }, migrations: { current: false, missing: [last] } });
    const response = await GET();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ status: "unavailable", migrations: { missing: [last] } });
    await recordMigrationsApplied(t.prisma);
  });

  it("is unavailable when the database was never migrated by Prisma (no _prisma_migrations)", async () => {
    await t.prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "_prisma_migrations"`);
    const r = await readiness(t.prisma);
    expect(r).toMatchObject({ status: "unavailable", database: { reachable: true }, migrations: { current: false, applied: null } });
    await recordMigrationsApplied(t.prisma);
  });
});
