/**
 * Pool alerts (SPEC §8.2): a product at 80 % of its units has a warning open. The admin sees it on
 * Home with the product and since when, opens the product, raises the warning threshold to 90 % and
 * sees the alert resolve there and on Home; the runway and the chart are on the product page.
 *
 * Seeded in the spec's own tenant (fixtures.ts), on the console server's database.
 */
import { assignDirect, createProduct, createUser } from "../factories";
import { expect, test } from "./fixtures";

test("an admin sees a pool's warning on Home, raises the threshold on the product page and sees it resolve", async ({ page, signIn, tenant, serverDb }) => {
  test.setTimeout(90_000);
  const db = serverDb();
  const { id: tenantId, domain } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await createProduct(db, tenantId, { skuPartNumber: "E2E_POOL_ALERTS", displayName: "Pool alerts licence", purchasedUnits: 10 });
  for (let i = 0; i < 8; i++) {
    const person = await createUser(db, { id: tenantId, domain }, { displayName: `Pool holder ${i + 1}` });
    await assignDirect(db, tenantId, person.id, product.id);
  }

  await signIn("GLOBAL_ADMIN");
  await page.goto("/");
  const alert = page.getByTestId("alerts").getByTestId("open-alert").filter({ hasText: "Pool alerts licence" });
  await expect(alert).toHaveCount(1);
  await expect(alert).toHaveAttribute("data-level", "WARNING");
  await expect(alert).toContainText("Warning");
  await expect(alert).toContainText(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(page.getByTestId(`runway-${product.id}`)).toContainText("Pool alerts licence");

  await alert.getByRole("link", { name: "Pool alerts licence" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pool alerts licence");
  await expect(page.getByTestId("product-alerts").getByTestId("open-alert")).toHaveAttribute("data-level", "WARNING");
  await expect(page.getByTestId("usage-chart")).toContainText("Consumed vs purchased");

  // A wrong order is refused beside its field; nothing changes.
  const form = page.getByTestId("thresholds-form");
  await form.getByLabel("Warning at").fill("95");
  await form.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByTestId("error-criticalPercent")).toHaveText(/The critical threshold must be above the warning threshold\./);
  await expect(page.getByTestId("product-alerts").getByTestId("open-alert")).toHaveCount(1);

  await form.getByLabel("Warning at").fill("90");
  await form.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Alert thresholds set to 90 %, 95 % and 100 %. No alert is open.")).toBeVisible();
  await expect(page.getByTestId("product-alerts")).toHaveText("None");
  await expect(form.getByLabel("Warning at")).toHaveValue("90");

  await page.goto("/");
  await expect(page.getByTestId("alerts").getByTestId("open-alert").filter({ hasText: "Pool alerts licence" })).toHaveCount(0);
});

test("a Reports reader sees the alerts and the runway but no thresholds form", async ({ page, signIn, tenant, serverDb }) => {
  const db = serverDb();
  const { id: tenantId } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await createProduct(db, tenantId, { skuPartNumber: "E2E_POOL_ALERTS_READER", displayName: "Pool alerts reader licence", purchasedUnits: 5 });
  await signIn("REPORTS_READER");
  await page.goto(`/billing/licenses/products/${product.id}`);
  await expect(page.getByTestId("runway-days")).toBeVisible();
  await expect(page.getByTestId("thresholds-form")).toHaveCount(0);
});
