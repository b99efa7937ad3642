/**
 * The product page's reads (SPEC §9), on PGlite and on the PostgreSQL server: one row per holder
 * with every source, filters by source, a literal search, keyset pages both ways, the groups and
 * the members waiting (longest first), the duplicates, and what an Unassign really frees.
 */
import { describe, expect, it } from "vitest";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createPolicy,
  createProduct,
  createTenant,
  createUser,
} from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { recordLaunch } from "../launches/service";
import {
  countTenantDuplicates,
  getProductSummary,
  listGroupsCarryingProduct,
  listProductDuplicates,
  listProductHolders,
  listProductMembersInError,
  productUnassignImpact,
  productPageQuerySchema,
} from "./product-page";

const t = useTestDb();

/**
 * A product of 4 units: Ada holds it directly, Bea by claim (Power Apps policy "Makers claim",
 * app "Expenses"), Cy directly and through "Makers" (a duplicate), Dee through "Makers" alone, and
 * Eve and Fay wait in "Makers" (no unit left), Eve first.
 */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 4 });
  const other = await createProduct(t.prisma, tenant.id, { displayName: "Power Automate Premium", purchasedUnits: 10 });
  const admin = await createUser(t.prisma, tenant, { displayName: "Admin", role: "GLOBAL_ADMIN" });
  const [ada, bea, cy, dee, eve, fay] = await Promise.all(
    ["Ada Lovelace", "Bea 100%_off", "Cy Young", "Dee Dee", "Eve Online", "Fay Wray"].map((displayName) => createUser(t.prisma, tenant, { displayName })),
  );
  await assignDirect(t.prisma, tenant.id, ada.id, product.id, { assignedById: admin.id });
  const policy = await createPolicy(t.prisma, tenant.id, { name: "Makers claim", productIds: [product.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true, name: "Expenses" });
  expect(await recordLaunch(t.prisma, { tenantId: tenant.id, user: bea.id, appId: app.id })).toMatchObject({ reason: "AUTO_CLAIMED" });
  await assignDirect(t.prisma, tenant.id, cy.id, product.id);
  await assignDirect(t.prisma, tenant.id, cy.id, other.id);
  const makers = await createGroup(t.prisma, tenant.id, { displayName: "Makers" });
  await assignGroupLicense(t.prisma, tenant.id, makers.id, product.id);
  await assignGroupLicense(t.prisma, tenant.id, makers.id, other.id);
  await addGroupMembers(t.prisma, tenant.id, makers.id, [cy.id]);
  await addGroupMembers(t.prisma, tenant.id, makers.id, [dee.id]);
  await addGroupMembers(t.prisma, tenant.id, makers.id, [eve.id]);
  await addGroupMembers(t.prisma, tenant.id, makers.id, [fay.id]);
  // Fay started waiting after Eve, whatever the clock's resolution.
  const eveSince = (await t.prisma.licenseAssignment.findFirstOrThrow({ where: { userId: eve.id, productId: product.id } })).waitingSince!;
  await t.prisma.licenseAssignment.updateMany({
    where: { userId: fay.id, productId: product.id },
    data: { waitingSince: new Date(eveSince.getTime() + 1000) },
  });
  return { tenant, product, other, admin, policy, makers, people: { ada, bea, cy, dee, eve, fay } };
}

const names = (rows: { displayName: string }[]) => rows.map((r) => r.displayName);

describe("the product page", () => {
  it("sums up the product: units (active holdings only), members in error, duplicates", async () => {
    const w = await world();
    expect(await getProductSummary(t.prisma, w.tenant.id, w.product.id)).toMatchObject({
      displayName: "Power Apps Premium",
      purchased: 4,
      consumed: 4,
      available: 0,
      inError: 2,
      duplicates: 1,
    });
    const elsewhere = await createTenant(t.prisma);
    expect(await getProductSummary(t.prisma, elsewhere.id, w.product.id)).toBeNull();
    expect(await getProductSummary(t.prisma, w.tenant.id, "not-an-id")).toBeNull();
  });

  it("lists every holder once with all their sources and their state", async () => {
    const w = await world();
    const { total, rows } = await listProductHolders(t.prisma, w.tenant.id, w.product.id);
    expect(total).toBe(6);
    expect(names(rows)).toEqual(["Ada Lovelace", "Bea 100%_off", "Cy Young", "Dee Dee", "Eve Online", "Fay Wray"]);
    const [ada, bea, cy, dee, eve] = rows;
    expect(ada.sources).toEqual([{ kind: "DIRECT", assignedBy: w.admin.userPrincipalName }]);
    expect(bea.sources).toEqual([{ kind: "AUTO_CLAIM", policy: { id: w.policy.id, name: "Makers claim", deleted: false }, appName: "Expenses" }]);
    expect(cy.sources.map((s) => s.kind).sort()).toEqual(["DIRECT", "GROUP"]);
    expect(cy.inError).toBe(false);
    expect(dee.sources).toEqual([{ kind: "GROUP", group: { id: w.makers.id, displayName: "Makers" }, inError: false, waitingSince: null }]);
    expect(eve).toMatchObject({ inError: true, sources: [{ kind: "GROUP", inError: true, waitingSince: expect.any(Date) }] });
  });

  it("filters by source and searches names and UPNs literally", async () => {
    const w = await world();
    const list = (options: Parameters<typeof listProductHolders>[3]) =>
      listProductHolders(t.prisma, w.tenant.id, w.product.id, options).then((r) => names(r.rows));
    expect(await list({ source: "direct" })).toEqual(["Ada Lovelace", "Cy Young"]);
    expect(await list({ source: "auto-claim" })).toEqual(["Bea 100%_off"]);
    expect(await list({ source: "group" })).toEqual(["Cy Young", "Dee Dee", "Eve Online", "Fay Wray"]);
    expect(await list({ source: "error" })).toEqual(["Eve Online", "Fay Wray"]);
    // % and _ are ordinary characters: "%_" matches only the name that has them.
    expect(await list({ q: "%_" })).toEqual(["Bea 100%_off"]);
    expect(await list({ q: "_" })).toEqual(["Bea 100%_off"]);
    expect(await list({ q: w.people.dee.userPrincipalName.toUpperCase() })).toEqual(["Dee Dee"]);
    expect(await list({ q: "young", source: "group" })).toEqual(["Cy Young"]);
  });

  it("pages by keyset forward and back, and ignores a cursor that does not decode", async () => {
    const w = await world();
    const first = await listProductHolders(t.prisma, w.tenant.id, w.product.id, { take: 4 });
    expect(names(first.rows)).toEqual(["Ada Lovelace", "Bea 100%_off", "Cy Young", "Dee Dee"]);
    expect(first.previous).toBeNull();
    const second = await listProductHolders(t.prisma, w.tenant.id, w.product.id, { take: 4, after: first.next! });
    expect(names(second.rows)).toEqual(["Eve Online", "Fay Wray"]);
    expect(second.next).toBeNull();
    const back = await listProductHolders(t.prisma, w.tenant.id, w.product.id, { take: 4, before: second.previous! });
    expect(names(back.rows)).toEqual(names(first.rows));
    expect(back.previous).toBeNull();
    expect(back.next).not.toBeNull();
    const junk = await listProductHolders(t.prisma, w.tenant.id, w.product.id, { take: 4, after: "%%%" });
    expect(names(junk.rows)).toEqual(names(first.rows));
  });

  it("reads its query from the URL without throwing", () => {
    expect(productPageQuerySchema.parse({ source: "nope", q: ["a", "b"] })).toEqual({ source: "all", q: "a", after: undefined, before: undefined });
    expect(productPageQuerySchema.parse({ source: "error" })).toMatchObject({ source: "error", q: "" });
  });

  it("lists the groups carrying it and the members in error, longest-waiting first", async () => {
    const w = await world();
    expect(await listGroupsCarryingProduct(t.prisma, w.tenant.id, w.product.id)).toEqual([
      { id: w.makers.id, displayName: "Makers", members: 4, active: 2, inError: 2 },
    ]);
    const waiting = await listProductMembersInError(t.prisma, w.tenant.id, w.product.id);
    expect(waiting.total).toBe(2);
    expect(waiting.rows.map((r) => r.displayName)).toEqual(["Eve Online", "Fay Wray"]);
    expect(waiting.rows[0].group).toEqual({ id: w.makers.id, displayName: "Makers" });
  });

  it("lists the duplicates and counts them per product for Home", async () => {
    const w = await world();
    const duplicates = await listProductDuplicates(t.prisma, w.tenant.id, w.product.id);
    expect(duplicates).toEqual({
      total: 1,
      rows: [
        {
          id: w.people.cy.id,
          displayName: "Cy Young",
          userPrincipalName: w.people.cy.userPrincipalName,
          direct: ["DIRECT"],
          groups: [{ id: w.makers.id, displayName: "Makers" }],
        },
      ],
    });
    expect(await countTenantDuplicates(t.prisma, w.tenant.id)).toEqual({ total: 2, byProduct: { [w.product.id]: 1, [w.other.id]: 1 } });
    expect(await countTenantDuplicates(t.prisma, (await createTenant(t.prisma)).id)).toEqual({ total: 0, byProduct: {} });
  });

  it("says what an Unassign would really free: nothing for a duplicate, and group-only holders are skipped", async () => {
    const w = await world();
    const { ada, bea, cy, dee } = w.people;
    expect(await productUnassignImpact(t.prisma, w.tenant.id, w.product.id, [ada.id, bea.id])).toEqual({ people: 2, unitsFreed: 2, groupOnly: 0 });
    expect(await productUnassignImpact(t.prisma, w.tenant.id, w.product.id, [cy.id, dee.id])).toEqual({ people: 1, unitsFreed: 0, groupOnly: 1 });
    expect(await productUnassignImpact(t.prisma, w.tenant.id, w.product.id, ["x"])).toEqual({ people: 0, unitsFreed: 0, groupOnly: 0 });
    const elsewhere = await createTenant(t.prisma);
    expect(await productUnassignImpact(t.prisma, elsewhere.id, w.product.id, [ada.id])).toEqual({ people: 0, unitsFreed: 0, groupOnly: 0 });
  });
});
