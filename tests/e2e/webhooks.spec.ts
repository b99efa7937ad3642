/**
 * Settings › Webhooks (SPEC §10.2, ADR 23), on the spec's own seeded tenant: the admin creates a
 * webhook (refused beside the fields first), copies its secret (shown once), a program's claim
 * through POST /api/v1/launches appears in the webhook's delivery log — attempted by the server's
 * background sender, and, since nothing listens at the URL, waiting for its retry with the reason —
 * Redeliver and Disable work, and a Reports reader sees it all read-only. (The production server
 * takes HTTPS URLs only; signatures, retries and delivery to a real receiver are proved by
 * src/server/domain/webhooks/delivery.db.test.ts.)
 */
import { createServer } from "node:net";
import { createUser } from "../factories";
import { expect, test } from "./fixtures";

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test("create a webhook, trigger a claim, see its delivery in the log; Redeliver, Disable; read-only for a reader", async ({
  page,
  request,
  auth,
  tenant,
  serverDb,
  signIn,
  context,
}) => {
  const db = serverDb();
  const url = `https://127.0.0.1:${await closedPort()}/hooks`;
  await signIn("GLOBAL_ADMIN");
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  await page.getByLabel("URL").fill("http://hooks.contoso.test/autoclaim");
  await page.getByRole("button", { name: "Create webhook" }).click();
  await expect(page.getByTestId("error-url")).toHaveText(/Use an HTTPS URL \(https:\/\/…\)\./);
  await expect(page.getByTestId("error-eventTypes")).toHaveText(/Choose at least one event type\./);

  await page.getByLabel("URL").fill(url);
  await page.getByRole("checkbox", { name: /^license\.claimed/ }).check();
  await page.getByRole("button", { name: "Create webhook" }).click();
  const secret = (await page.getByLabel("New signing secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await expect(page.getByRole("link", { name: url })).toBeVisible();

  // A claim by a program: a new person opens the seed's premium app.
  const t = await db.tenant.findUniqueOrThrow({ where: { domain: tenant.domain } });
  const policy = await db.autoClaimPolicy.findFirstOrThrow({
    where: { tenantId: t.id, app: "POWER_APPS", enabled: true, deletedAt: null },
    include: { products: { orderBy: { position: "asc" }, take: 1 } },
  });
  await db.product.update({ where: { id: policy.products[0].productId }, data: { purchasedUnits: { increment: 5 } } });
  const app = await db.app.findFirstOrThrow({ where: { tenantId: t.id, autoClaimApp: "POWER_APPS", premium: true, environment: { managed: true } } });
  const person = await createUser(db, t, { givenName: "Webhook", surname: "Claimer" });
  const res = await request.post("/api/v1/launches", { headers: auth, data: { user: person.userPrincipalName, app: app.id } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ reason: "AUTO_CLAIMED" });

  // The background sender tries it within a pass or two; nothing listens, so it waits for its retry.
  await page.getByRole("link", { name: url }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(url);
  const row = page.locator('[data-testid^="delivery-"]').first();
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("Could not reach the receiver", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("license.claimed");
  await expect(row).toContainText("Pending");
  const attempts = Number(await row.locator("td").nth(3).textContent());
  expect(attempts).toBeGreaterThanOrEqual(1);

  await row.getByRole("button", { name: /^Redeliver license\.claimed/ }).click();
  await expect(async () => {
    await page.reload();
    expect(Number(await row.locator("td").nth(3).textContent())).toBeGreaterThan(attempts);
  }).toPass({ timeout: 20_000 });

  await page.goto("/settings/webhooks");
  await page.getByRole("button", { name: `Disable webhook ${url}` }).click();
  await expect(page.getByRole("button", { name: `Enable webhook ${url}` })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(url.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")) })).toContainText("Disabled");

  await context.clearCookies();
  await signIn("REPORTS_READER");
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("button", { name: "Create webhook" })).toBeDisabled();
  await expect(page.getByRole("button", { name: `Enable webhook ${url}` })).toBeDisabled();
  await page.getByRole("link", { name: url }).click();
  await expect(page.getByRole("button", { name: /^Redeliver/ }).first()).toBeDisabled();
});
