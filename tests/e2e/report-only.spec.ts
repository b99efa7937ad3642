/**
 * Report-only policies and the simulation (SPEC §8.5), on the spec's own seeded tenant: the wizard's
 * Review step replays the last 30 days of flow runs for a Power Automate draft — the numbers the
 * domain gives for the same launches — and the admin creates the policy in Report only. A premium
 * flow run is then refused as under an off policy, and the policy list says it would have claimed
 * one license; the report says it too. The tests run in order.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { simulatePolicy } from "../../src/server/domain/policies/simulation";
import { createLaunch, createUser } from "../factories";
import { expectToast, LIST, policyRow, wizardUrl } from "./auto-claim-helpers";
import { expect, test, type SeededTenant } from "./fixtures";

test.describe.configure({ mode: "serial" });

const NAME = "Flows, report only";

async function flowWorld(db: PrismaClient, tenant: SeededTenant) {
  const t = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await db.product.findFirstOrThrow({ where: { tenantId: t.id, standaloneFor: "POWER_AUTOMATE" }, include: { servicePlans: true } });
  const flow = await db.app.findFirstOrThrow({ where: { tenantId: t.id, name: "Invoice Sync to SAP" } });
  return { tenant: t, product, flow };
}

test("the Review step shows what the draft would have claimed over the last 30 days; the policy starts in report only", async ({
  page,
  tenant,
  serverDb,
  signIn,
}) => {
  const w = await flowWorld(serverDb(), tenant);
  // Three more people ran the premium flow this week without a licence.
  for (let i = 0; i < 3; i++) {
    const person = await createUser(serverDb(), w.tenant, { givenName: "Flow", surname: `Runner${i}` });
    await createLaunch(serverDb(), w.flow, person.id, { createdAt: new Date(Date.now() - (i + 1) * 86_400_000), reason: "NO_POLICY" });
  }
  const expected = await simulatePolicy(serverDb(), w.tenant.id, { app: "POWER_AUTOMATE", scope: "MANAGED_ONLY", productIds: [w.product.id] }, new Date());
  expect(expected.wouldClaim).toBeGreaterThanOrEqual(3);

  await signIn("GLOBAL_ADMIN");
  const plans = w.product.servicePlans.map((s) => s.servicePlanId);
  await page.goto(wizardUrl(4, { name: NAME, app: "POWER_AUTOMATE", products: [{ productId: w.product.id, enabledPlanIds: plans }], groupId: "" }));
  await expect(page.locator("#step-heading")).toHaveText("Review and finish");
  const simulation = page.getByTestId("simulation");
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  await expect(simulation.getByTestId("simulation-would-claim")).toHaveText(plural(expected.wouldClaim, "license", "licenses"));
  await expect(simulation.getByTestId("simulation-available")).toHaveText(expected.availableNow.toLocaleString("en-US"));
  await expect(simulation.getByTestId("simulation-would-wait")).toHaveText(plural(expected.wouldWait, "person", "people"));
  await expect(simulation).toContainText("this policy would have claimed");

  await expect(page.getByRole("radio", { name: "On", exact: true })).toBeChecked();
  await page.getByRole("radio", { name: "Report only", exact: true }).check();
  await page.getByRole("button", { name: "Create policy" }).click();
  await expectToast(page, `Policy “${NAME}” created`);

  await page.goto(LIST);
  const row = policyRow(page, NAME);
  await expect(row.getByTestId("policy-status")).toHaveText("Report only");
  await expect(row.getByTestId("would-have-claimed")).toHaveText("Would have claimed 0 licenses");
});

test("a flow run under the report-only policy is refused as off, and the list and the report say it would have claimed 1 license", async ({
  page,
  request,
  tenant,
  auth,
  serverDb,
  signIn,
}) => {
  const w = await flowWorld(serverDb(), tenant);
  const runner = await createUser(serverDb(), w.tenant, { givenName: "Report", surname: "Only" });
  const res = await request.post("/api/v1/launches", { headers: auth, data: { user: runner.userPrincipalName, app: w.flow.id } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ decision: "DENY", reason: "POLICY_OFF" });
  const policy = await serverDb().autoClaimPolicy.findFirstOrThrow({ where: { tenantId: w.tenant.id, name: NAME, deletedAt: null } });
  expect(await serverDb().licenseAssignment.count({ where: { userId: runner.id } })).toBe(0);

  await signIn("GLOBAL_ADMIN");
  await page.goto(LIST);
  await expect(policyRow(page, NAME).getByTestId("would-have-claimed")).toHaveText("Would have claimed 1 license");

  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await expect(page.getByRole("radio", { name: "Report only", exact: true })).toBeChecked();
  await expect(page.getByTestId("simulation")).toContainText("this policy would have claimed");

  await page.goto(`/billing/licenses/auto-claim/${policy.id}/report`);
  await expect(page.getByTestId("would-have-claimed")).toContainText("would have claimed 1 license");

  // Switched on from the details page, it claims again and the line goes.
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await page.getByRole("radio", { name: "On", exact: true }).check();
  await expectToast(page, "Policy turned on");
  await page.goto(LIST);
  await expect(policyRow(page, NAME).getByTestId("policy-status")).toHaveText("On");
  await expect(policyRow(page, NAME).getByTestId("would-have-claimed")).toHaveCount(0);
});
