import { expect, test } from "./fixtures";

const SESSION_COOKIE = /next-auth\.session-token$/;
const NO_SUCH_POLICY = "00000000-0000-4000-8000-000000000000";

test("after Sign out, a copy of the old session cookie opens nothing", async ({ page, signIn, browser, baseURL }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/settings/api-tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  const copied = (await page.context().cookies()).filter((c) => SESSION_COOKIE.test(c.name));
  expect(copied).toHaveLength(1);
  const exportUrl = `/api/exports/policies/${NO_SUCH_POLICY}/report`;
  expect((await page.request.get(exportUrl)).status(), "signed in: the export looks for the policy").toBe(404);

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // Someone who kept the cookie (another browser, a stolen copy) replays it.
  const replay = await browser.newContext({ baseURL });
  try {
    await replay.addCookies(copied);
    const other = await replay.newPage();
    await other.goto("/settings/api-tokens");
    await expect(other).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fapi-tokens$/);
    await expect(other.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
    // Route handlers read the session the same way: the export answers as to a signed-out visitor.
    expect((await replay.request.get(exportUrl)).status()).toBe(401);
  } finally {
    await replay.close();
  }
});
