/**
 * Bad input against the built app (`next start`), where Next's own router runs: a path that does
 * not percent-decode, U+0000 in paths and query strings, out-of-range numbers and dates, a body
 * over 1 MB — never a 5xx. Pages answer 200 with a notice of what was ignored; APIs answer 400 (or
 * 413) in their own shape. (The in-process fuzz suite, tests/fuzz, covers every route and action;
 * this checks what only the real server decides.)
 */
import { expect, test } from "./fixtures";

test.describe("paths that do not percent-decode", () => {
  for (const path of ["/graph/v1.0/users/%FF", "/graph/v1.0/users/%", "/graph/v1.0/users/%FF/licenseDetails", "/graph/v1.0/foo/%FF"]) {
    test(`${path} → 400 in Graph's shape`, async ({ request, auth }) => {
      const res = await request.get(path, { headers: auth });
      expect(res.status()).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: "BadRequest", message: expect.any(String), innerError: expect.any(Object) });
    });
  }
  for (const path of ["/api/exports/policies/%FF/report", "/api/v1/users/%", "/api/auth/%FF"]) {
    test(`${path} → 400 JSON`, async ({ request }) => {
      const res = await request.get(path);
      expect(res.status()).toBe(400);
      expect(res.headers()["content-type"]).toContain("application/json");
    });
  }
  for (const path of ["/launch/%FF", "/launch/%", "/billing/licenses/auto-claim/%FF"]) {
    test(`${path} → a 400 page`, async ({ request }) => {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status()).toBe(400);
      expect(await res.text()).toContain("This address is not valid");
    });
  }
});

test.describe("U+0000 and other bad text in the APIs", () => {
  for (const path of [
    "/graph/v1.0/users/%00",
    "/graph/v1.0/users/%00/licenseDetails",
    "/graph/v1.0/users?$filter=startswith(displayName,'%00')",
    "/api/v1/users?upn=%00",
  ]) {
    test(`${path} → 400 with the parameter named`, async ({ request, auth }) => {
      const res = await request.get(path, { headers: auth });
      expect(res.status()).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/'id'|'\$filter'|upn/);
    });
  }
  test("POST /graph/v1.0/users/%00/assignLicense → 400", async ({ request, auth }) => {
    const res = await request.post("/graph/v1.0/users/%00/assignLicense", { headers: auth, data: { addLicenses: [], removeLicenses: [] } });
    expect(res.status()).toBe(400);
  });
  test("POST /api/v1/launches with a user holding U+0000 → 400 beside the field", async ({ request, auth }) => {
    const res = await request.post("/api/v1/launches", { headers: auth, data: { user: "a\u0000b", app: "00000000-0000-4000-8000-000000000000" } });
    expect(res.status()).toBe(400);
    expect((await res.json()).error.fields.user).toHaveLength(1);
  });
  test("a body over 1 MB → 413", async ({ request, auth }) => {
    const res = await request.post("/api/v1/launches", {
      headers: { ...auth, "content-type": "application/json" },
      data: JSON.stringify({ user: "a".repeat(2 * 1024 * 1024), app: "x" }),
    });
    expect(res.status()).toBe(413);
  });
  test("next-auth's credentials callback with U+0000 in the user name is not a 5xx", async ({ request }) => {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, username: "a\u0000b@contoso.com", password: "x", json: "true" },
      maxRedirects: 0,
    });
    expect(res.status()).toBeLessThan(500);
  });
});

test.describe("pages with damaged links", () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn("GLOBAL_ADMIN");
  });

  test("answer 200 and say what they ignored", async ({ page, auth }) => {
    const groups = (await (await page.request.get("/graph/v1.0/groups", { headers: auth })).json()).value as { id: string }[];
    const list = await (await page.request.get("/billing/licenses/auto-claim")).text();
    const policyId = /auto-claim\/([0-9a-f-]{36})/.exec(list)?.[1];
    expect(policyId).toBeTruthy();
    const yearZero = Buffer.from(JSON.stringify(["0000-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    const nulCursor = Buffer.from(JSON.stringify(["a\u0000", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    const report = `/billing/licenses/auto-claim/${policyId}/report`;
    const cases: [string, boolean][] = [
      ["/audit?action=%00", true],
      ["/audit?actor=%00", true],
      ["/audit?from=0000-01-01", true],
      [`/audit?after=${"a".repeat(3000)}`, true],
      ["/users?page=99999999999999999999", false],
      ["/users?page=1e400", false],
      ["/users?q=%00", true],
      ["/billing/licenses/requests?page=99999999999999999999", false],
      ["/billing/licenses/requests?page=-5", false],
      [`/groups?group=${groups[0].id}&q=%00`, true],
      [`/groups?group=${groups[0].id}&page=99999999999999999999`, false],
      [`${report}?q=%00`, true],
      [`${report}?page=99999999999999999999`, false],
      [`${report}?after=${yearZero}`, false],
      [`${report}?after=${nulCursor}&sort=user`, false],
      ["/launch/%00", false],
      ["/launch?as=%00", false],
    ];
    for (const [path, notice] of cases) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBeLessThan(500);
      if (notice) expect(await res.text(), path).toContain("was ignored");
    }
    const csv = await page.request.get(`/api/exports/policies/${policyId}/report?q=%00`);
    expect(csv.status()).toBe(400);
    expect((await csv.json()).fieldErrors.q).toHaveLength(1);
  });

  test("/sign-in?error=__proto__ and constructor show the generic message", async ({ page }) => {
    for (const code of ["__proto__", "constructor", "%00"]) {
      const res = await page.request.get(`/sign-in?error=${code}`);
      expect(res.status(), code).toBe(200);
    }
  });
});
