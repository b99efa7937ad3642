/**
 * The CSV export fails before its first byte when its query fails: an error status with a message,
 * never a 200 whose file stops short. (This file's own database is broken on purpose: the rows'
 * table loses the column the export sorts by, so the first batch's query fails.)
 */
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { assignDirect, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { sessionUser } from "../session-user";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
const { GET } = await import("@/app/api/exports/policies/[policyId]/report/route");

const t = useTestDb();

describe("GET /api/exports/policies/{id}/report when the query fails", () => {
  it("answers 500 with a message before any CSV, not a truncated 200", async () => {
    useAppDb(t.db);
    const tenant = await createTenant(t.prisma);
    const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
    current = sessionUser(tenant, admin);
    const product = await createProduct(t.prisma, tenant.id);
    const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
    await assignDirect(t.prisma, tenant.id, admin.id, product.id);
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "LicenseAssignment" RENAME COLUMN "assignedAt" TO "assignedAtGone"`);

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await GET(new NextRequest(`http://localhost/api/exports/policies/${policy.id}/report?range=all`), {
      params: Promise.resolve({ policyId: policy.id }),
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("export failed") });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
