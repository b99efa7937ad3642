/**
 * Settings › Webhooks (SPEC §10.2, ADR 23), on the spec's own seeded tenant: the admin creates a
 * webhook (refused beside the fields first), copies its secret (shown once), a program's claim
 * through POST /api/v1/launches appears in the webhook's delivery log — attempted by the server's
 * background sender, and, since nothing listens at the URL, waiting for its retry with the reason —
 * Redeliver and Disable work, and a Reports reader sees it all read-only. And a claim delivered to a
 * real HTTPS receiver on 127.0.0.1 (its certificate trusted by the server, tests/e2e/servers.ts),
 * which verifies the signature with the standardwebhooks library and answers 200: the log says
 * Delivered. (Retries and ordering: src/server/domain/webhooks/delivery.db.test.ts.)
 */
import fs from "node:fs";
import https from "node:https";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { createUser } from "../factories";
import type { APIRequestContext, Page } from "@playwright/test";
import type { PrismaClient } from "../../src/generated/prisma/client";
import { expect, test } from "./fixtures";
import { RECEIVER_TLS_DIR } from "./servers";

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A new person of the tenant opens the seed's premium app through the launch API and claims a licence (units added first). */
async function claimAsNewPerson(
  { db, domain, request, auth }: { db: PrismaClient; domain: string; request: APIRequestContext; auth: { authorization: string } },
  givenName: string,
) {
  const t = await db.tenant.findUniqueOrThrow({ where: { domain } });
  const policy = await db.autoClaimPolicy.findFirstOrThrow({
    where: { tenantId: t.id, app: "POWER_APPS", enabled: true, deletedAt: null },
    include: { products: { orderBy: { position: "asc" }, take: 1 } },
  });
  await db.product.update({ where: { id: policy.products[0].productId }, data: { purchasedUnits: { increment: 5 } } });
  const app = await db.app.findFirstOrThrow({ where: { tenantId: t.id, autoClaimApp: "POWER_APPS", premium: true, environment: { managed: true } } });
  const person = await createUser(db, t, { givenName, surname: "Claimer" });
  const res = await request.post("/api/v1/launches", { headers: auth, data: { user: person.userPrincipalName, app: app.id } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ reason: "AUTO_CLAIMED" });
  return person;
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
  await claimAsNewPerson({ db, domain: tenant.domain, request, auth }, "Webhook");

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

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** An HTTPS receiver on 127.0.0.1 with the certificate the console server trusts; it answers 200 to every POST. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = https.createServer(
    { cert: fs.readFileSync(path.join(RECEIVER_TLS_DIR, "cert.pem")), key: fs.readFileSync(path.join(RECEIVER_TLS_DIR, "key.pem")) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}/autoclaim`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function createWebhook(page: Page, url: string): Promise<string> {
  await page.goto("/settings/webhooks");
  await page.getByLabel("URL").fill(url);
  await page.getByRole("checkbox", { name: /^license\.claimed/ }).check();
  await page.getByRole("button", { name: "Create webhook" }).click();
  return (await page.getByLabel("New signing secret").textContent())!.trim();
}

test("a claim is delivered, signed, to a real HTTPS receiver, and the log says Delivered", async ({ page, request, auth, tenant, serverDb, signIn }) => {
  test.skip(!fs.existsSync(path.join(RECEIVER_TLS_DIR, "cert.pem")), "the server was not started by scripts/e2e-server.ts with a receiver certificate");
  const receiver = await startReceiver();
  try {
    const db = serverDb();
    await signIn("GLOBAL_ADMIN");
    const secret = await createWebhook(page, receiver.url);

    const person = await claimAsNewPerson({ db, domain: tenant.domain, request, auth }, "Delivered");

    // The receiver gets the event once, signed with the secret shown at creation.
    const about = () => receiver.received.filter((r) => r.body.includes(person.userPrincipalName));
    await expect.poll(() => about().length, { timeout: 20_000 }).toBe(1);
    const [delivery] = about();
    const event = new Webhook(secret).verify(delivery.body, delivery.headers) as {
      type: string;
      specversion: string;
      data: { user: { userPrincipalName: string } };
    };
    expect(event).toMatchObject({ specversion: "1.0", type: "license.claimed" });
    expect(JSON.stringify(event.data)).toContain(person.userPrincipalName);
    expect(() => new Webhook(`whsec_${Buffer.from("not the secret").toString("base64")}`).verify(delivery.body, delivery.headers)).toThrow();

    await page.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(receiver.url);
    const row = page.locator('[data-testid^="delivery-"]').first();
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Delivered", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(row).toContainText("license.claimed");
    await expect(row.locator("td").nth(3)).toHaveText("1");
    await expect(row.locator("td").nth(4)).toHaveText("200");
    expect(about()).toHaveLength(1);
  } finally {
    await receiver.close();
  }
});
