/**
 * The report's Released view: the notices that ended in a release, newest first, in the range (on
 * the release) and matching the search; other states, policies and tenants never; numbered pages.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { listReleased, RELEASED_PAGE_SIZE } from "./released";

const t = useTestDb();
const DAY = 86_400_000;
const asOf = new Date(Date.UTC(2026, 11, 1, 12));

async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 100 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const run = await t.prisma.reclaimRun.create({ data: { tenantId: tenant.id, policyId: policy.id, trigger: "MANUAL", mode: "ENFORCE", status: "DONE" } });
  const notice = (userId: string, daysAgo: number, status: "RELEASED" | "OPEN" | "KEPT" = "RELEASED", policyId = policy.id, runId = run.id) =>
    t.prisma.reclaimNotice.create({
      data: {
        tenantId: tenant.id,
        runId,
        policyId,
        assignmentId: crypto.randomUUID(),
        userId,
        productId: product.id,
        assignedAt: new Date(asOf.getTime() - (daysAgo + 60) * DAY),
        lastUsedAt: new Date(asOf.getTime() - (daysAgo + 40) * DAY),
        noticedAt: new Date(asOf.getTime() - (daysAgo + 7) * DAY),
        releaseOn: new Date(asOf.getTime() - daysAgo * DAY),
        status,
        closedAt: status === "OPEN" ? null : new Date(asOf.getTime() - daysAgo * DAY),
      },
    });
  return { tenant, product, policy, run, notice };
}

const all = { range: "all" as const, q: "" };

describe("listReleased", () => {
  it("lists releases newest first, with who, what and when; never open or kept notices, other policies or other tenants", async () => {
    const w = await world();
    const ada = await createUser(t.prisma, w.tenant, { displayName: "Ada Lovelace" });
    const alan = await createUser(t.prisma, w.tenant, { displayName: "Alan Turing" });
    const grace = await createUser(t.prisma, w.tenant, { displayName: "Grace Hopper" });
    const older = await w.notice(ada.id, 40);
    const newer = await w.notice(alan.id, 2);
    await w.notice(grace.id, 1, "OPEN");
    await w.notice(grace.id, 3, "KEPT");
    const otherPolicy = await createPolicy(t.prisma, w.tenant.id, { productIds: [w.product.id], app: "POWER_AUTOMATE" });
    const otherRun = await t.prisma.reclaimRun.create({ data: { tenantId: w.tenant.id, policyId: otherPolicy.id, trigger: "MANUAL" } });
    await w.notice(grace.id, 1, "RELEASED", otherPolicy.id, otherRun.id);
    const other = await world();
    await other.notice((await createUser(t.prisma, other.tenant)).id, 1);

    const page = await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: all, page: 1 }, asOf);
    expect(page).toMatchObject({ total: 2, page: 1, pages: 1 });
    expect(page.rows.map((r) => r.noticeId)).toEqual([newer.id, older.id]);
    expect(page.rows[0]).toEqual({
      noticeId: newer.id,
      userId: alan.id,
      displayName: "Alan Turing",
      userPrincipalName: alan.userPrincipalName,
      productName: "Power Apps Premium",
      assignedAt: newer.assignedAt,
      lastUsedAt: newer.lastUsedAt,
      noticedAt: newer.noticedAt,
      releasedAt: newer.closedAt,
    });
    // The range counts back from asOf on the release; the search matches names and UPNs.
    expect((await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: { range: "30", q: "" }, page: 1 }, asOf)).rows.map((r) => r.noticeId)).toEqual([
      newer.id,
    ]);
    expect(
      (await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: { range: "all", q: "lovelace" }, page: 1 }, asOf)).rows.map((r) => r.noticeId),
    ).toEqual([older.id]);
    // A search with LIKE's wildcards matches them literally.
    expect((await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: { range: "all", q: "%" }, page: 1 }, asOf)).total).toBe(0);
    // Nothing released after asOf is shown as of then.
    expect((await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: all, page: 1 }, new Date(asOf.getTime() - 10 * DAY))).total).toBe(1);
  });

  it("pages by number; a page past the end shows the last", async () => {
    const w = await world();
    const people = await t.prisma.user.createManyAndReturn({
      data: Array.from({ length: RELEASED_PAGE_SIZE + 5 }, (_, i) => ({
        tenantId: w.tenant.id,
        displayName: `Released ${i}`,
        userPrincipalName: `released${i}.${w.tenant.id}@example.com`,
      })),
      select: { id: true },
    });
    for (const [i, p] of people.entries()) await w.notice(p.id, i + 1);
    const first = await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: all, page: 1 }, asOf);
    expect(first).toMatchObject({ total: RELEASED_PAGE_SIZE + 5, pages: 2 });
    expect(first.rows).toHaveLength(RELEASED_PAGE_SIZE);
    const last = await listReleased(t.prisma, w.tenant.id, w.policy.id, { filter: all, page: 9 }, asOf);
    expect(last).toMatchObject({ page: 2 });
    expect(last.rows).toHaveLength(5);
    expect(new Set([...first.rows, ...last.rows].map((r) => r.userId)).size).toBe(RELEASED_PAGE_SIZE + 5);
  });
});
