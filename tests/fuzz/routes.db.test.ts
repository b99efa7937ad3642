/**
 * Every route handler of the app (each src/app/**\/route.ts, found on disk), called as Next would
 * call it — a web Request, and the params Next decoded from the path — with generated paths, query
 * strings, bodies and credentials. For every answer:
 * - never a 5xx;
 * - a refusal (4xx) changes nothing in the database, and neither does any GET;
 * - a refusal says what was wrong in the shape of its API: Graph's error for /graph, the token
 *   API's `{ error: { code, message, fields } }` for /api/v1 (fields on a 400), the exports'
 *   `{ error, fieldErrors }` (fields on a 400).
 * A path whose percent-encoding does not decode never reaches a handler under Next: the proxy
 * answers it (src/server/http/malformed-path.ts), so for such a path this checks that the proxy's
 * matcher matches it and that the proxy answers 400 in the right shape.
 *
 * Not called here: next-auth's own handler (/api/auth/[...nextauth]), which needs Next's request
 * scope (headers(), cookies()); tests/e2e/bad-input.spec.ts sends it the same kind of input over HTTP.
 */
import fc from "fast-check";
import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { hashToken, TOKEN_SCOPES } from "@/server/domain/tokens/hash";
import { recordLaunch } from "@/server/domain/launches/service";
import { addGroupMembers, createApp, createEnvironment, createGroup, createPolicy, createProduct, createTenant } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { recordMigrationsApplied } from "../setup/migrations";
import { HTTP_METHODS, routeFiles, type RouteFile } from "./app-files";
import { createSessionUser } from "../session-user";
import {
  changedTables,
  deepArrayJson,
  deepObjectJson,
  FUZZ,
  hugeJson,
  knownValues,
  queryString,
  rawSegment,
  requestBody,
  snapshot,
  type ValidValues,
} from "./inputs";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));

const { config: proxyConfig, proxy } = await import("@/proxy");

const t = useTestDb();
const ORIGIN = "http://127.0.0.1:3000";
const TOKENS = { full: "fuzz-full-0123456789abcdef", read: "fuzz-read-0123456789abcdef", revoked: "fuzz-revoked-0123456789ab" } as const;

/** Routes this file cannot call in-process (see above). */
const NOT_CALLED = new Set(["/api/auth/[...nextauth]"]);

const QUERY_KEYS = [
  "q",
  "page",
  "size",
  "after",
  "before",
  "sort",
  "dir",
  "range",
  "last",
  "upn",
  "$filter",
  "$top",
  "$select",
  "$count",
  "$skiptoken",
  "$orderby",
  "callbackUrl",
  "error",
  "view",
  "group",
  "user",
  "from",
  "to",
  "actor",
  "action",
];
const BODY_KEYS = [
  "user",
  "app",
  "addLicenses",
  "removeLicenses",
  "@odata.id",
  "skuId",
  "disabledPlans",
  "ids",
  "all",
  "groupId",
  "range",
  "q",
  "policyId",
  "kind",
  "selection",
  "asOf",
];
/** The bodies the product's routes take (launch, assignLicense, member $ref, export commands): generated with most of their fields. */
const BODY_SHAPES = [["user", "app"], ["addLicenses", "removeLicenses"], ["@odata.id"], ["ids", "all", "groupId", "range", "q"]];

let world: Awaited<ReturnType<typeof makeWorld>>;
let known: fc.Arbitrary<string>;
let valid: ValidValues;

async function makeWorld() {
  const tenant = await createTenant(t.prisma, { name: "Fuzz", autoClaimEnabled: true });
  const asUser = (role: CurrentUser["role"]) => createSessionUser(t.prisma, tenant, role);
  const admin = await asUser("GLOBAL_ADMIN");
  const reader = await asUser("REPORTS_READER");
  const person = await asUser("USER");
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 3 });
  const environment = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, environment.id, { premium: true });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Makers" });
  await addGroupMembers(t.prisma, tenant.id, group.id, [reader.id]);
  // Entra object ids, as SCIM provisioning records them: Graph shows and finds the person and the group by them too.
  const personObjectId = "5d2f8a61-3c47-4e9b-a0d2-7f1c9e3b4a86";
  const groupObjectId = "9a4e2c17-6b38-4f05-8d91-2e7c5a0b6f43";
  await t.prisma.user.update({ where: { id: person.id }, data: { externalId: personObjectId } });
  await t.prisma.group.update({ where: { id: group.id }, data: { externalId: groupObjectId } });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const launch = await recordLaunch(t.prisma, { tenantId: tenant.id, user: person.id, appId: app.id });
  await t.prisma.apiToken.createMany({
    data: [
      { tenantId: tenant.id, name: "fuzz", tokenHash: hashToken(TOKENS.full), prefix: "fuzz-ful", scopes: [...TOKEN_SCOPES] },
      { tenantId: tenant.id, name: "reader", tokenHash: hashToken(TOKENS.read), prefix: "fuzz-rea", scopes: ["directory.read"] },
      {
        tenantId: tenant.id,
        name: "old",
        tokenHash: hashToken(TOKENS.revoked),
        prefix: "fuzz-rev",
        scopes: ["launches", "directory.read", "directory.write"],
        revokedAt: new Date(),
      },
    ],
  });
  const values = [
    tenant.id,
    admin.id,
    admin.upn,
    admin.upn.toUpperCase(),
    reader.id,
    person.id,
    person.upn,
    product.id,
    product.skuId,
    product.servicePlans[0].servicePlanId,
    environment.id,
    app.id,
    group.id,
    policy.id,
    launch.launchId,
    `https://graph.microsoft.com/v1.0/directoryObjects/${person.id}`,
    personObjectId,
    personObjectId.toUpperCase(),
    groupObjectId,
    `https://graph.microsoft.com/v1.0/directoryObjects/${personObjectId}`,
    "00000000-0000-4000-8000-000000000000",
  ];
  const sku = product.skuId;
  const validValues: ValidValues = {
    user: [person.id, person.upn, admin.upn.toUpperCase()],
    app: [app.id],
    addLicenses: [[], [{ skuId: sku, disabledPlans: [] }], [{ skuId: sku }]],
    removeLicenses: [[], [sku]],
    "@odata.id": [
      `https://graph.microsoft.com/v1.0/directoryObjects/${person.id}`,
      `https://graph.microsoft.com/v1.0/directoryObjects/${personObjectId}`,
      `https://graph.microsoft.com/v1.0/users('${admin.id}')`,
    ],
    ids: [[], [launch.assignment?.id ?? person.id]],
    all: ["1", "true"],
    groupId: [group.id, ""],
    range: ["1", "7", "30", "90", "all"],
    q: ["a", "@", ""],
  };
  return { tenant, admin, reader, person, product, app, group, policy, values, validValues };
}

beforeAll(async () => {
  useAppDb(t.db);
  // Migrated as `prisma migrate deploy` leaves a database, so that readiness (/api/v1/health) answers 200.
  await recordMigrationsApplied(t.prisma);
  world = await makeWorld();
  known = knownValues(world.values);
  valid = world.validValues;
});

type Handler = (request: Request, route: { params: Promise<Record<string, string | string[]> | undefined> }) => Promise<Response>;

const decode = (s: string) => decodeURIComponent(s);
const malformed = (s: string) => {
  try {
    decodeURIComponent(s);
    return false;
  } catch {
    return true;
  }
};

/** Params for a route: raw (as in the URL) and as Next hands them to the handler (decoded). */
function paramsFor(route: RouteFile) {
  const parts = route.segments.map((segment) => {
    if (segment.kind === "static") return fc.constant({ raw: [segment.text], name: null as string | null, catchAll: false });
    if (segment.kind === "param") return rawSegment(known).map((raw) => ({ raw: [raw], name: segment.name as string | null, catchAll: false }));
    return fc
      .array(rawSegment(known), { minLength: segment.optional ? 0 : 1, maxLength: 3 })
      .map((raw) => ({ raw, name: segment.name as string | null, catchAll: true }));
  });
  return fc.tuple(...parts).map((pieces) => {
    const path = "/" + pieces.flatMap((p) => p.raw).join("/");
    const bad = pieces.some((p) => p.raw.some(malformed));
    const params: Record<string, string | string[]> = {};
    if (!bad) for (const p of pieces) if (p.name) params[p.name] = p.catchAll ? p.raw.map(decode) : decode(p.raw[0]);
    return { path, bad, params };
  });
}

/** A valid value for a path parameter of a route (so that one bad parameter arrives among good ones). */
function validParam(route: RouteFile, name: string): string {
  if (name === "policyId") return world.policy.id;
  if (name === "memberId") return world.reader.id;
  if (name === "segments") return "directoryRoles";
  return route.pattern.includes("/groups/") ? world.group.id : world.person.upn;
}

type Example = [
  ReturnType<typeof paramsFor> extends fc.Arbitrary<infer P> ? P : never,
  string,
  { body: string | undefined; type: string | null },
  "full",
  "admin",
];

/**
 * The systematic cases, before the random ones: each path parameter, each query parameter and each
 * body field in turn set to U+0000, a lone surrogate or a control character while the rest is valid.
 */
function oneBadInput(route: RouteFile): Example[] {
  const names = route.segments.filter((s) => s.kind !== "static").map((s) => (s as { name: string }).name);
  const path = (bad?: { name: string; raw: string }) => {
    const raws = route.segments.map((s) => (s.kind === "static" ? s.text : bad?.name === s.name ? bad.raw : encodeURIComponent(validParam(route, s.name))));
    const params = Object.fromEntries(
      route.segments
        .filter((s) => s.kind !== "static")
        .map((s) => {
          const name = (s as { name: string }).name;
          const value = bad?.name === name ? decodeURIComponent(bad.raw) : validParam(route, name);
          return [name, s.kind === "catchAll" ? [value] : value];
        }),
    );
    return { path: "/" + raws.join("/"), bad: false, params };
  };
  const none = { body: undefined, type: null };
  const examples: Example[] = [];
  for (const name of names) for (const raw of ["%00", "a%1Fb"]) examples.push([path({ name, raw }), "", none, "full", "admin"]);
  for (const key of QUERY_KEYS) examples.push([path(), `?${encodeURIComponent(key)}=a%00b`, none, "full", "admin"]);
  examples.push([path(), `?$filter=${encodeURIComponent("startswith(displayName,'\u0000')")}`, none, "full", "admin"]);
  for (const shape of BODY_SHAPES) {
    const base = Object.fromEntries(shape.map((k) => [k, valid[k]?.[0] ?? ""]));
    for (const field of shape)
      for (const bad of ["a\u0000b", "\uD800"])
        examples.push([path(), "", { body: JSON.stringify({ ...base, [field]: bad }), type: "application/json" }, "full", "admin"]);
  }
  return examples;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").includes("json")) return text;
  return JSON.parse(text);
}

/** The refusal says what is wrong, in its API's shape. */
function expectRefusalShape(pattern: string, status: number, body: unknown, headers: Headers) {
  const where = `${pattern} ${status} ${JSON.stringify(body)?.slice(0, 300)}`;
  if (pattern.startsWith("/graph/")) {
    const error = (body as { error: { code: unknown; message: unknown; innerError: Record<string, unknown> } }).error;
    expect(typeof error.code, where).toBe("string");
    expect(String(error.message).length, where).toBeGreaterThan(0);
    expect(error.innerError["request-id"], where).toBe(headers.get("request-id"));
  } else if (pattern.startsWith("/api/v1/")) {
    const error = (body as { error: { code: unknown; message: unknown; fields?: Record<string, string[]> } }).error;
    expect(typeof error.code, where).toBe("string");
    expect(String(error.message).length, where).toBeGreaterThan(0);
    if (status === 400) expect(Object.keys(error.fields ?? {}).length, where).toBeGreaterThan(0);
  } else if (pattern.startsWith("/api/exports/")) {
    const { error, fieldErrors } = body as { error: unknown; fieldErrors?: Record<string, string[]> };
    expect(String(error).length, where).toBeGreaterThan(0);
    if (status === 400) expect(Object.keys(fieldErrors ?? {}).length, where).toBeGreaterThan(0);
  }
}

const CONSOLE_USERS = ["admin", "reader", "person", null] as const;

async function call(
  route: RouteFile,
  method: string,
  handler: Handler,
  input: {
    path: string;
    params: Record<string, string | string[]>;
    query: string;
    body: string | undefined;
    type: string | null;
    auth: keyof typeof TOKENS | "none" | "garbage";
    as: (typeof CONSOLE_USERS)[number];
  },
) {
  current = input.as ? world[input.as] : null;
  const headers: Record<string, string> = {};
  if (input.auth === "garbage") headers.authorization = "Bearer \u00e9\u00ff%00 not-a-token";
  else if (input.auth !== "none") headers.authorization = `Bearer ${TOKENS[input.auth]}`;
  const withBody = method !== "GET" && method !== "HEAD" && input.body !== undefined;
  if (withBody && input.type) headers["content-type"] = input.type;
  const request = new NextRequest(`${ORIGIN}${input.path}${input.query}`, { method, headers, body: withBody ? input.body : undefined });
  const hasParams = Object.keys(input.params).length > 0;
  // As Next does: a static route's params promise resolves to undefined.
  return handler(request, { params: Promise.resolve(hasParams ? input.params : undefined) });
}

async function check(route: RouteFile, method: string, handler: Handler, input: Parameters<typeof call>[3]) {
  const before = await snapshot(t.prisma);
  const response = await call(route, method, handler, input);
  const body = await readBody(response);
  const label = `${method} ${input.path}${input.query.slice(0, 200)}`;
  expect(response.status, `${label} → ${JSON.stringify(body)?.slice(0, 300)}`).toBeLessThan(500);
  const after = await snapshot(t.prisma);
  if (response.status >= 400 || method === "GET") expect(changedTables(before, after), `${label} wrote while answering ${response.status}`).toEqual([]);
  if (response.status >= 400) expectRefusalShape(route.pattern, response.status, body, response.headers);
  return response.status;
}

const routes = routeFiles();

describe("the route handlers found on disk", () => {
  it("include every API and export route", () => {
    const patterns = routes.map((r) => r.pattern);
    for (const p of ["/api/v1/launches", "/api/v1/users", "/graph/v1.0/users/[id]/assignLicense", "/api/exports/policies/[policyId]/report"])
      expect(patterns).toContain(p);
  });
});

describe.each(routes.filter((r) => !NOT_CALLED.has(r.pattern)).map((r) => [r.pattern, r] as const))("%s", (_pattern, route) => {
  it("never answers 5xx, writes nothing when it refuses, and says what was wrong", async () => {
    const mod = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
    expect(methods.length).toBeGreaterThan(0);
    const params = paramsFor(route);
    for (const method of methods) {
      const handler = mod[method] as Handler;
      await fc.assert(
        fc.asyncProperty(
          params,
          queryString(QUERY_KEYS, known),
          requestBody(BODY_KEYS, known, { shapes: BODY_SHAPES, valid }),
          fc.constantFrom("full", "full", "full", "read", "revoked", "none", "garbage" as const),
          fc.constantFrom(...CONSOLE_USERS),
          async (p, query, { body, type }, auth, as) => {
            if (p.bad) {
              // Next never calls the handler: the proxy must match this path and refuse it.
              const url = `${ORIGIN}${p.path}${query}`;
              expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url }), `proxy matcher for ${p.path}`).toBe(true);
              const response = await proxy(new NextRequest(url, { method }));
              expect(response.status, p.path).toBe(400);
              expectRefusalShape(route.pattern, 400, await readBody(response), response.headers);
              return;
            }
            await check(route, method, handler, { path: p.path, params: p.params, query, body, type, auth, as });
          },
        ),
        { numRuns: FUZZ.runs(method === "GET" ? 25 : 20), seed: FUZZ.seed, examples: oneBadInput(route) },
      );
    }
  });

  const bodyMethods = ["POST", "PUT", "PATCH"];
  it("refuses bodies over 1 MB with 413 and 10,000-level JSON with 400, and writes nothing", async () => {
    const mod = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
    const methods = bodyMethods.filter((m) => typeof mod[m] === "function");
    const [sample] = fc.sample(
      paramsFor(route).filter((p) => !p.bad),
      { numRuns: 1, seed: 1 },
    );
    for (const method of methods) {
      const handler = mod[method] as Handler;
      for (const body of [hugeJson(), deepArrayJson(), deepObjectJson()]) {
        const status = await check(route, method, handler, {
          path: sample.path,
          params: sample.params,
          query: "",
          body,
          type: "application/json",
          auth: "full",
          as: "admin",
        });
        if (body.length > 1024 * 1024 && !route.pattern.includes("[...segments]"))
          expect(status, `${method} ${route.pattern} with ${body.length} bytes`).toBe(413);
      }
    }
  });
});

describe("a body over 1 MB without Content-Length", () => {
  it("is cut off at the limit: 413, whatever the stream would have gone on to send", async () => {
    const { POST } = await import("@/app/api/v1/launches/route");
    let sent = 0;
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(`${ORIGIN}/api/v1/launches`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKENS.full}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const response = await POST(request, { params: Promise.resolve(undefined as never) });
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });
});
