/** Settings › API tokens: create (shown once), use, revoke; read-only for a Reports reader. */
import { expect, test } from "./fixtures";

test("a Global admin creates a token, a program uses it, and revoking it shuts the program out", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/settings/api-tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();

  // The form refuses a token without a name or a scope, beside the fields.
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("error-name")).toHaveText(/Enter a name/);
  await expect(page.getByTestId("error-scopes")).toHaveText(/at least one scope/);

  await page.getByLabel("Name").fill("Inventory runtime");
  await page.getByRole("checkbox", { name: /Launches/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const value = (await page.getByLabel("New token value").textContent())!.trim();
  expect(value).toMatch(/^acp_/);
  const row = page.getByTestId("token-Inventory runtime");
  await expect(row).toContainText("Active");
  await expect(row).toContainText(value.slice(0, 8));
  await expect(row).not.toContainText(value);

  const apps = await page.request.get("/api/v1/apps", { headers: { authorization: `Bearer ${value}` } });
  expect(apps.status()).toBe(200);
  expect((await apps.json()).value.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByTestId("token-Inventory runtime")).not.toContainText("Never");
  await expect(page.getByLabel("New token value")).toHaveCount(0);

  await page.getByRole("button", { name: "Revoke Inventory runtime" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke “Inventory runtime”?" });
  await expect(confirm).toContainText("Programs using it will be refused from now on.");
  await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByText("Revoked “Inventory runtime”.")).toBeVisible();
  await expect(page.getByTestId("token-Inventory runtime")).toContainText("Revoked");
  const refused = await page.request.get("/api/v1/apps", { headers: { authorization: `Bearer ${value}` } });
  expect(refused.status()).toBe(401);
});

test("a Reports reader sees the tokens but cannot create or revoke", async ({ page, signIn }) => {
  await signIn("REPORTS_READER");
  await page.goto("/settings/api-tokens");
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token" })).toBeDisabled();
  await expect(page.getByLabel("Name")).toBeDisabled();
  await expect(page.getByTestId("token-Demo token (all scopes)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke Demo token (all scopes)" })).toBeDisabled();
});
