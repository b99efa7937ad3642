/**
 * SPEC §11 (Headers, Proxies) as the built app serves them: a Content-Security-Policy with a fresh
 * nonce on every page, which Next puts on each of its scripts (and the pages still work in
 * Chromium: no CSP violation anywhere); framing refused; the APIs' own policy; and X-Forwarded-*
 * not believed without TRUST_PROXY — neither by Next's server-action origin check, nor by
 * next-auth, nor in redirects after sign-in.
 */
import { SETTING_LABEL, ORG_SETTINGS } from "./auto-claim-helpers";
import { expect, test } from "./fixtures";

const FORGED = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443" };

function nonceOf(policy: string | undefined): string {
  const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];
  expect(nonce, `nonce in ${policy}`).toBeTruthy();
  return nonce!;
}

test("every page carries the security headers, with a new script nonce each time", async ({ request }) => {
  const first = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const headers = first.headers();
  const policy = headers["content-security-policy"];
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Served over plain HTTP (and no trusted proxy): no HSTS, even when a client claims https.
  expect(headers["strict-transport-security"]).toBeUndefined();
  expect((await request.get("/sign-in", { headers: FORGED })).headers()["strict-transport-security"]).toBeUndefined();

  // Next put this response's nonce on every script it rendered, inline or not.
  const nonce = nonceOf(policy);
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(3);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);

  const again = await request.get("/sign-in");
  expect(nonceOf(again.headers()["content-security-policy"])).not.toBe(nonce);

  // The 404 page too (rendered per request, never prerendered without a nonce).
  const missing = await request.get("/no-such-page");
  expect(missing.status()).toBe(404);
  const missingNonce = nonceOf(missing.headers()["content-security-policy"]);
  for (const tag of (await missing.text()).match(/<script\b[^>]*>/g) ?? []) expect(tag, tag).toContain(`nonce="${missingNonce}"`);
});

test("the APIs answer with nosniff and a policy that lets nothing run or frame them", async ({ request, auth }) => {
  for (const path of ["/api/v1/apps", "/graph/v1.0/users?$top=1", "/api/auth/session", "/api/v1/no-such-route"]) {
    const res = await request.get(path, { headers: auth });
    const headers = res.headers();
    expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
});

test("pages work under the policy in Chromium: no CSP violation on any of them", async ({ page, signIn }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  expect(await violations()).toEqual([]);

  await signIn("GLOBAL_ADMIN");
  for (const path of [
    "/",
    "/users",
    "/groups",
    "/billing/licenses/auto-claim",
    "/billing/licenses/auto-claim/new",
    "/audit",
    "/launch",
    "/settings/api-tokens",
    "/settings/notifications",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await violations(), path).toEqual([]);
  }

  // The policy report: the chart (inline styles) renders.
  await page.goto("/audit?action=policy.autoCreated");
  await page.getByTestId("audit-row").last().getByRole("link", { name: "View report" }).click();
  await expect(page.getByTestId("claims-chart")).toContainText("Claims per day");
  expect(await violations(), "report").toEqual([]);

  // Scripts ran (hydration, a server action, a toast): Save with nothing changed says so.
  await page.goto(ORG_SETTINGS);
  await expect(page.getByRole("checkbox", { name: SETTING_LABEL })).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/No changes to save|Auto-claim is (on|off)/).first()).toBeVisible();
  expect(await violations(), "org settings").toEqual([]);
});

test("a server action from another origin is refused (403), even when X-Forwarded-Host names that origin", async ({ page, signIn, baseURL }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto(ORG_SETTINGS);
  const box = page.getByRole("checkbox", { name: SETTING_LABEL });
  await expect(box).toBeVisible();

  // The call Save makes (saving the setting as it is: nothing changes), to replay it.
  const call = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const sent = await call;
  await expect(page.getByText(/No changes to save|Auto-claim is (on|off)/).first()).toBeVisible();
  const headers = Object.fromEntries(
    Object.entries(await sent.allHeaders()).filter(
      ([name]) => !["cookie", "host", "content-length", "origin", "referer"].includes(name) && !name.startsWith(":"),
    ),
  );
  const replay = (extra: Record<string, string>) =>
    page.request.post(sent.url(), { headers: { ...headers, ...extra }, data: sent.postDataBuffer() ?? "", maxRedirects: 0 });

  // From the app's own origin, the replay runs (so the refusals below are about the origin alone).
  const own = await replay({ origin: new URL(baseURL!).origin });
  expect(own.status()).toBe(200);

  const forgeries: Record<string, string>[] = [
    { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
    { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "host=evil.example;proto=https" },
    { origin: "https://evil.example" },
  ];
  for (const forged of forgeries) {
    const res = await replay(forged);
    expect(res.status(), JSON.stringify(forged)).toBe(403);
    expect(await res.text(), JSON.stringify(forged)).not.toContain('"changed"');
  }
});

test("next-auth builds its URLs from the Host the client addressed, not from X-Forwarded-Host", async ({ request, baseURL }) => {
  const providers = await request.get("/api/auth/providers", { headers: FORGED });
  expect(providers.status()).toBe(200);
  const credentials = (await providers.json()).credentials as { signinUrl: string; callbackUrl: string };
  expect(credentials.signinUrl).toBe(`${new URL(baseURL!).origin}/api/auth/signin/credentials`);
  expect(credentials.callbackUrl.startsWith(new URL(baseURL!).origin)).toBe(true);
});

test("after sign-in, a callback URL that would leave the site goes Home instead", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  for (const callbackUrl of ["/..//evil.example", "//evil.example", "/\\evil.example", "/%09/evil.example", "/%2F%2Fevil.example", "https://evil.example/"]) {
    const res = await page.request.get(`/sign-in/continue?${new URLSearchParams({ callbackUrl })}`, { maxRedirects: 0 });
    expect(res.status(), callbackUrl).toBe(303);
    expect(res.headers().location, callbackUrl).toBe("/");
  }
  const ok = await page.request.get(`/sign-in/continue?${new URLSearchParams({ callbackUrl: "/users?q=ada" })}`, { maxRedirects: 0 });
  expect(ok.headers().location).toBe("/users?q=ada");
});
