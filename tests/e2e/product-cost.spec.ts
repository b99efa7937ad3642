/**
 * The cost of licences (SPEC §8.6): a product nobody has priced, held by four people who have not
 * opened a Power Apps app. The admin sees a bad amount refused beside the field, then prices it at
 * 12.50 EUR a month: the Price card shows the monthly cost and the idle cost, the Products page its
 * Monthly cost, and Home a euro total apart from the tenant's US dollar total (never added together).
 *
 * Seeded in the spec's own tenant (fixtures.ts), on the console server's database.
 */
import { assignDirect, createProduct, createUser } from "../factories";
import { expect, test } from "./fixtures";

test("the admin prices a product and sees its monthly and idle cost on the product page, on Products and on Home", async ({
  page,
  signIn,
  tenant,
  serverDb,
}) => {
  test.setTimeout(90_000);
  const db = serverDb();
  const { id: tenantId, domain } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await createProduct(db, tenantId, {
    skuPartNumber: "E2E_COST",
    displayName: "Cost licence",
    standaloneFor: "POWER_APPS",
    purchasedUnits: 10,
  });
  const people = await Promise.all(
    ["Ann Idle", "Bo Idle", "Cy Idle", "Di Idle"].map((displayName) => createUser(db, { id: tenantId, domain }, { displayName })),
  );
  for (const person of people) await assignDirect(db, tenantId, person.id, product.id);

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/products/${product.id}`);
  const card = page.getByRole("region", { name: "Price" });
  await expect(card.getByTestId("unit-price")).toHaveText("Not priced");

  const amount = card.getByRole("textbox", { name: "Unit price per month" });
  const currency = card.getByRole("combobox", { name: "Currency" });
  await amount.fill("12.505");
  await card.getByRole("button", { name: "Save price" }).click();
  await expect(page.locator("#unitPrice-error")).toContainText("at most 2 decimals");
  await expect(amount).toHaveAttribute("aria-invalid", "true");

  await amount.fill("12.50");
  await currency.fill("eur");
  await card.getByRole("button", { name: "Save price" }).click();
  await expect(page.getByText("Unit price set to 12.50 EUR a month.")).toBeVisible();
  await expect(card.getByTestId("unit-price")).toHaveText("€12.50 a month");
  await expect(card.getByTestId("monthly-cost")).toHaveText("€50.00");
  await expect(card.getByTestId("idle-cost")).toHaveText("€50.00");

  await page.goto("/billing/licenses");
  await expect(page.getByTestId("product-E2E_COST").getByTestId("monthly-cost")).toHaveText("€50.00");

  await page.goto("/");
  const tile = page.getByTestId("cost");
  await expect(tile.getByTestId("cost-EUR").getByTestId("monthly-cost")).toHaveText("€50.00");
  await expect(tile.getByTestId("cost-EUR").getByTestId("idle-cost")).toHaveText("€50.00");
  // The seeded products stay in US dollars, in a total of their own.
  await expect(tile.getByTestId("cost-USD").getByTestId("monthly-cost")).toHaveText(/^\$[\d,]+\.\d{2}$/);
});
