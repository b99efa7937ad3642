/**
 * The token APIs as the built app serves them (`next start`), not only as their handlers are called
 * in Vitest: Next hands static routes a params promise that resolves to undefined, which once made
 * them answer 500.
 */
import { expect, test } from "./fixtures";

/** The paths, as test titles name them (`<admin>`: the tenant's Global admin). */
for (const path of ["/api/v1/apps", "/api/v1/users?upn=<admin>", "/graph/v1.0/subscribedSkus", "/graph/v1.0/users?$top=2", "/graph/v1.0/groups"]) {
  test(`GET ${path} answers 200 with JSON`, async ({ request, tenant, auth }) => {
    const res = await request.get(path.replace("<admin>", tenant.accounts.GLOBAL_ADMIN), { headers: auth });
    expect(res.status()).toBe(200);
    expect((await res.json()).value.length).toBeGreaterThan(0);
  });
}

test("a dynamic Graph route answers too", async ({ request, tenant, auth }) => {
  const res = await request.get(`/graph/v1.0/users/${tenant.accounts.GLOBAL_ADMIN}/licenseDetails`, { headers: auth });
  expect(res.status()).toBe(200);
  expect((await res.json()).value.map((l: { skuPartNumber: string }) => l.skuPartNumber)).toContain("SPE_E3");
});
