/**
 * The product page (SPEC §9): a product with no unit left, carried by a group whose newest members
 * are in error, and two people who hold it both directly and through the group. The admin raises
 * purchased units and sees the members in error become Active; then removes the direct assignment
 * for all the duplicates, and consumed does not move.
 *
 * Seeded in the spec's own tenant (fixtures.ts), on the console server's database.
 */
import type { Page } from "@playwright/test";
import { addGroupMembers, assignDirect, assignGroupLicense, createGroup, createProduct, createUser } from "../factories";
import { expect, test } from "./fixtures";

const figure = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/,/g, ""));

test("the admin raises purchased units to serve the members in error, then removes the duplicates' direct assignment", async ({
  page,
  signIn,
  tenant,
  serverDb,
}) => {
  test.setTimeout(90_000);
  const db = serverDb();
  const { id: tenantId, domain } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const where = { id: tenantId, domain };
  // 3 units: Kim holds it directly, Lee and Max directly and through the group; Noa and Ola join
  // the group after the pool is empty and wait.
  const product = await createProduct(db, tenantId, { skuPartNumber: "E2E_PRODUCT_PAGE", displayName: "Product page licence", purchasedUnits: 3 });
  const [kim, lee, max, noa, ola] = await Promise.all(
    ["Kim Direct", "Lee Twice", "Max Twice", "Noa Waiting", "Ola Waiting"].map((displayName) => createUser(db, where, { displayName })),
  );
  for (const person of [kim, lee, max]) await assignDirect(db, tenantId, person.id, product.id);
  const group = await createGroup(db, tenantId, { displayName: "Product page makers" });
  await assignGroupLicense(db, tenantId, group.id, product.id);
  for (const person of [lee, max, noa, ola]) await addGroupMembers(db, tenantId, group.id, [person.id]);

  await signIn("GLOBAL_ADMIN");
  await page.goto("/billing/licenses");
  await page.getByTestId("product-E2E_PRODUCT_PAGE").getByRole("link", { name: "Product page licence" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Product page licence");
  expect(await figure(page, "consumed")).toBe(3);
  expect(await figure(page, "available")).toBe(0);
  await expect(page.getByTestId("in-error")).toHaveText("2");
  const noaRow = page.getByTestId("holder").filter({ hasText: "Noa Waiting" });
  await expect(noaRow.getByTestId("holder-state")).toContainText("License error: no unit left");
  await expect(page.getByTestId("members-in-error")).toContainText("Noa Waiting");

  // The In error filter lists exactly the two waiting.
  await page.getByRole("navigation", { name: "Source" }).getByRole("link", { name: "In error" }).click();
  await expect(page).toHaveURL(/source=error/);
  await expect(page.getByTestId("holder")).toHaveCount(2);
  await page.getByRole("navigation", { name: "Source" }).getByRole("link", { name: "All" }).click();
  await expect(page.getByTestId("holder")).toHaveCount(5);

  // Fewer than consumed is refused beside the field; more serves the queue.
  const units = page.getByRole("spinbutton", { name: "Purchased units" });
  await units.fill("2");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#purchasedUnits-error")).toContainText("cannot be fewer");
  await units.fill("5");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("2 members in error got the product.")).toBeVisible();
  await expect(page.getByTestId("in-error")).toHaveText("0");
  await expect(page.getByTestId("purchased")).toHaveText("5");
  await expect(page.getByTestId("consumed")).toHaveText("5");
  await expect(noaRow.getByTestId("holder-state")).toHaveText("Active");
  await expect(page.getByTestId("members-in-error")).toContainText("Nobody is waiting for a unit.");

  // Duplicates: Lee and Max hold it both ways; removing the direct assignment for all frees nothing.
  await expect(page.getByTestId("duplicates-total")).toContainText("2 people hold this both directly and through a group");
  await page.getByRole("button", { name: "Remove the direct assignment for all" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the direct assignment for all" });
  await expect(dialog).toContainText("No unit is freed: everyone stays licensed through the group");
  await dialog.getByRole("button", { name: "Remove the direct assignments" }).click();
  await expect(page.getByText("Removed the direct assignment of 2 people")).toBeVisible();
  await expect(page.getByText("Nobody holds Product page licence both directly and through a group.")).toBeVisible();
  await expect(page.getByTestId("consumed")).toHaveText("5");
  const leeRow = page.getByTestId("holder").filter({ hasText: "Lee Twice" });
  await expect(leeRow.getByTestId("source")).toHaveCount(1);
  await expect(leeRow.getByTestId("source")).toContainText("Group — Product page makers");

  // Unassign Kim: the dialog says one unit is freed.
  await page.getByRole("checkbox", { name: "Select Kim Direct" }).check();
  await page.getByRole("button", { name: "Unassign", exact: true }).click();
  const unassign = page.getByRole("dialog", { name: "Unassign Product page licence" });
  await expect(unassign.getByTestId("unassign-impact")).toContainText("This frees 1 unit.");
  await unassign.getByRole("button", { name: "Unassign" }).click();
  await expect(page.getByText("Unassigned Product page licence from 1 person; 1 unit freed.")).toBeVisible();
  await expect(page.getByTestId("consumed")).toHaveText("4");
});

test("a Reports reader sees the numbers without the forms", async ({ page, signIn, tenant, serverDb }) => {
  const db = serverDb();
  const { id: tenantId } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await createProduct(db, tenantId, { skuPartNumber: "E2E_PRODUCT_PAGE_READ", displayName: "Read-only licence", purchasedUnits: 7 });
  await signIn("REPORTS_READER");
  await page.goto(`/billing/licenses/products/${product.id}`);
  await expect(page.getByTestId("purchased")).toHaveText("7");
  await expect(page.getByRole("spinbutton", { name: "Purchased units" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Unassign" })).toHaveCount(0);
});
