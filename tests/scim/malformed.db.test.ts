/**
 * What a broken or hostile client sends to /scim/v2 — no token, the wrong scope, bodies that are not
 * JSON, huge, deeply nested or hold U+0000 or lone surrogates, filters that do not parse or name
 * attributes this server does not filter on — is answered in SCIM's error shape with its status and
 * scimType, never a 500, and writes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createTenant } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { scimClient } from "./client";

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function world() {
  const tenant = await createTenant(t.prisma);
  const call = scimClient(await createApiToken(t.prisma, tenant.id, ["scim"]));
  const user = await call("POST", "/Users", { schemas: [], userName: `someone@${tenant.domain}` });
  return { tenant, call, userId: user.body!.id as string };
}

const f = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe("authentication", () => {
  it("no token is a 401, the wrong scope a 403, a revoked or unknown token a 401 — in SCIM's shape", async () => {
    const tenant = await createTenant(t.prisma);
    const none = await scimClient(null)("GET", "/Users");
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ schemas: [ERROR], status: "401" });
    const reader = scimClient(await createApiToken(t.prisma, tenant.id, ["directory.write", "launches"]));
    const wrong = await reader("POST", "/Users", { schemas: [], userName: `x@${tenant.domain}` });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ schemas: [ERROR], status: "403" });
    expect((await scimClient("not-a-token")("GET", "/Groups")).status).toBe(401);
    expect(await t.prisma.user.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("a token sees only its own tenant's users", async () => {
    const a = await world();
    const b = await world();
    expect((await a.call("GET", `/Users/${b.userId}`)).status).toBe(404);
    expect((await a.call("DELETE", `/Users/${b.userId}`)).status).toBe(404);
    expect((await a.call("GET", f(`userName eq "someone@${b.tenant.domain}"`))).body).toMatchObject({ totalResults: 0 });
  });
});

describe("bodies", () => {
  const cases: [string, string, string][] = [
    ["not JSON", "{ userName: ", "invalidSyntax"],
    ["a JSON array", "[]", "invalidSyntax"],
    ["a JSON string", '"userName"', "invalidSyntax"],
    ["U+0000 in a value", JSON.stringify({ schemas: [], userName: "a\u0000b@x.example" }), "invalidValue"],
    ["a lone surrogate", '{"schemas":[],"userName":"a\\ud800b@x.example"}', "invalidValue"],
    ["U+0000 in a key", '{"schemas":[],"userName":"a@x.example","\\u0000":1}', "invalidValue"],
    ["nested 10,000 deep", `{"schemas":[],"userName":"d@x.example","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, "invalidSyntax"],
    ["no userName", JSON.stringify({ schemas: [], displayName: "Nobody" }), "invalidSyntax"],
    ["a userName of 300 characters", JSON.stringify({ schemas: [], userName: `${"a".repeat(300)}@x.example` }), "invalidValue"],
    ["active as a number", JSON.stringify({ schemas: [], userName: "n@x.example", active: 1 }), "invalidValue"],
    [
      "a manager not in the tenant",
      JSON.stringify({ schemas: [], userName: "m@x.example", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: "nobody" } } }),
      "invalidValue",
    ],
  ];
  it.each(cases)("POST /Users with %s: 400", async (_, body, scimType) => {
    const w = await world();
    const answer = await w.call("POST", "/Users", body);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe("application/scim+json");
    expect(answer.body).toMatchObject({ schemas: [ERROR], status: "400", scimType });
    expect(await t.prisma.user.count({ where: { tenantId: w.tenant.id } })).toBe(1);
  });

  it("a body over 1 MB is a 413", async () => {
    const w = await world();
    const answer = await w.call("POST", "/Users", JSON.stringify({ schemas: [], userName: "big@x.example", displayName: "x".repeat(1_100_000) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ schemas: [ERROR], status: "413" });
  });

  const patches: [string, unknown, string][] = [
    ["no PatchOp schema", { schemas: [], Operations: [{ op: "replace", path: "displayName", value: "x" }] }, "invalidSyntax"],
    ["an unknown op", { schemas: [PATCH_OP], Operations: [{ op: "merge", path: "displayName", value: "x" }] }, "invalidSyntax"],
    ["no operations", { schemas: [PATCH_OP], Operations: [] }, "invalidSyntax"],
    ["a no-path replace with a string", { schemas: [PATCH_OP], Operations: [{ op: "replace", value: "x" }] }, "invalidValue"],
    ["a path that does not parse", { schemas: [PATCH_OP], Operations: [{ op: "replace", path: 'emails[type eq "work"', value: "x" }] }, "invalidPath"],
    ["active as a word", { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: "nope" }] }, "invalidValue"],
    ["an id change", { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "id", value: "x" }] }, "mutability"],
  ];
  it.each(patches)("PATCH /Users/{id} with %s: 400", async (_, body, scimType) => {
    const w = await world();
    const answer = await w.call("PATCH", `/Users/${w.userId}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ schemas: [ERROR], status: "400" });
    if (scimType !== "invalidPath") expect(answer.body).toMatchObject({ scimType });
    else expect(["invalidPath", "invalidSyntax", "invalidValue"]).toContain(answer.body!.scimType);
  });
});

describe("filters", () => {
  const bad = [
    'userName eq "unterminated',
    "userName eq",
    'title eq "Tour Guide"',
    'emails.value eq "a@x.example"',
    'userName co "a"',
    'userName sw "a"',
    'userName eq "a" or userName eq "b"',
    'not (userName eq "a")',
    "userName eq 42",
    "userName pr",
    "((((((((((",
    `userName eq "${"a".repeat(2000)}"`,
  ];
  it.each(bad.map((filter) => [filter.length > 60 ? `${filter.slice(0, 40)}… (${filter.length} characters)` : filter, filter]))(
    "%s is a 400 invalidFilter",
    async (_, filter) => {
      const w = await world();
      const answer = await w.call("GET", f(filter));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidFilter" });
    },
  );

  it("U+0000 or a control character in the filter is a 400; a malformed or surrogate %-encoding names nobody — never a 500", async () => {
    const w = await world();
    for (const q of ["%00", "%01", "%1B"]) {
      const answer = await w.call("GET", `/Users?filter=userName%20eq%20%22someone${q}%22`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidFilter" });
    }
    // URL decoding turns these into U+FFFD: a userName no one has.
    for (const q of ["%ED%A0%80", "%E0%A4%A", "%C0%80"]) {
      const answer = await w.call("GET", `/Users?filter=userName%20eq%20%22someone${q}%40${w.tenant.domain}%22`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ totalResults: 0 });
    }
  });

  it("userName is matched literally: % and _ are ordinary characters", async () => {
    const w = await world();
    for (const pattern of ["%", "_omeone@%", `someone@${w.tenant.domain.replace(/\./g, "_")}`]) {
      expect((await w.call("GET", f(`userName eq "${pattern}"`))).body).toMatchObject({ totalResults: 0 });
    }
    expect((await w.call("GET", f(`USERNAME EQ "SOMEONE@${w.tenant.domain.toUpperCase()}"`))).body).toMatchObject({ totalResults: 1 });
  });

  it("a paging number that is not one is a 400; an id that is not a UUID a 404", async () => {
    const w = await world();
    expect((await w.call("GET", "/Users?count=ten")).body).toMatchObject({ status: "400", scimType: "invalidValue" });
    expect((await w.call("GET", "/Users/not-a-uuid")).status).toBe(404);
    expect((await w.call("GET", "/Groups/not-a-uuid")).status).toBe(404);
  });
});

describe("races", () => {
  it("the same user created ten times at once: one 201, the others 409 uniqueness", async () => {
    const w = await world();
    const body = { schemas: [], userName: `twin@${w.tenant.domain}`, externalId: "twin" };
    const answers = await Promise.all(Array.from({ length: 10 }, () => w.call("POST", "/Users", body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toMatchObject({ scimType: "uniqueness" });
    expect(await t.prisma.user.count({ where: { tenantId: w.tenant.id } })).toBe(2);
  });

  it("members added to one group by concurrent PATCHes: each once", async () => {
    const w = await world();
    const group = (await w.call("POST", "/Groups", { schemas: [], displayName: "Concurrent" })).body!.id as string;
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => w.call("POST", "/Users", { schemas: [], userName: `m${i}@${w.tenant.domain}` })));
    const ids = users.map((u) => u.body!.id as string);
    const answers = await Promise.all(
      ids.map((id) =>
        w.call("PATCH", `/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: "Add", path: "members", value: [{ value: id }, { value: ids[0] }] }] }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 204));
    expect(await t.prisma.groupMember.count({ where: { groupId: group } })).toBe(6);
  });
});
