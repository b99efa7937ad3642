/**
 * SCIM provisioning as the built app serves it: a user Entra would create through /scim/v2 (with the
 * spec tenant's own token) appears on the Users page, and Entra can then disable them.
 */
import { expect, test } from "./fixtures";

const SCIM = "application/scim+json";

test("a user created through SCIM appears on the Users page", async ({ page, request, tenant, auth, signIn }) => {
  const userName = `scim.newcomer@${tenant.domain}`;
  const created = await request.post("/scim/v2/Users", {
    headers: { ...auth, "content-type": SCIM },
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      externalId: "2f4cd3a4-8c55-4bfa-9f8e-4a3d3c1b7e21",
      userName,
      active: true,
      displayName: "Scim Newcomer",
      emails: [{ primary: true, type: "work", value: userName }],
      name: { formatted: "Scim Newcomer", familyName: "Newcomer", givenName: "Scim" },
      title: "Analyst",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Finance" },
    },
  });
  expect(created.status()).toBe(201);
  expect(created.headers()["content-type"]).toContain(SCIM);
  const id = (await created.json()).id as string;

  const found = await request.get(`/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { headers: auth });
  expect((await found.json()).totalResults).toBe(1);

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/users?q=${encodeURIComponent("Scim Newcomer")}`);
  await expect(page.getByRole("row", { name: /Scim Newcomer/ })).toContainText(userName);

  const disabled = await request.patch(`/scim/v2/Users/${id}`, {
    headers: { ...auth, "content-type": SCIM },
    data: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] },
  });
  expect(disabled.status()).toBe(200);
  expect((await disabled.json()).active).toBe(false);
});
