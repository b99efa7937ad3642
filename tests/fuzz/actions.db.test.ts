/**
 * Every server action of the app (each export of each src/app/**\/actions.ts, found on disk),
 * called as the browser would — with FormData, with a plain object, with `useActionState`'s
 * (previousState, input) — as a Global admin, as each wrong role and signed out, with generated
 * inputs. For every call:
 * - it returns a result (Next's redirect() after a success is one): it never throws;
 * - a refusal is a status under 500 with a message, and a 400 names the fields;
 * - a refusal changes nothing in the database;
 * - signed out is 401; a Reports reader or a User is 403 for every console action.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { recordLaunch } from "@/server/domain/launches/service";
import { requestLicense } from "@/server/domain/requests/service";
import { addGroupMembers, createApp, createEnvironment, createGroup, createPolicy, createProduct, createTenant } from "../factories";
import { useAppDb } from "../setup/app-db";
import { z } from "zod";
import { actionInputSchema } from "@/server/action";
import { useTestDb } from "../setup/db";
import { actionFiles } from "./app-files";
import { anyValue, changedTables, FUZZ, inputObject, knownValues, snapshot, type ValidValues } from "./inputs";
import { createSessionUser } from "../session-user";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const t = useTestDb();

const KEYS = [
  "enabled",
  "name",
  "app",
  "products",
  "productId",
  "enabledPlanIds",
  "groupId",
  "policyId",
  "scope",
  "environmentId",
  "managed",
  "user",
  "launchId",
  "message",
  "requestId",
  "decisionMessage",
  "userId",
  "id",
  "scopes",
  "selection",
  "kind",
  "ids",
  "filter",
  "range",
  "q",
  "asOf",
  "after",
];
const ENUMS = [
  "POWER_APPS",
  "POWER_AUTOMATE",
  "MICROSOFT_TEAMS",
  "ALL_ENVIRONMENTS",
  "MANAGED_ONLY",
  "launches",
  "directory.read",
  "directory.write",
  "ids",
  "filter",
  "90",
  "all",
  "true",
  "on",
  "false",
];

let world: Awaited<ReturnType<typeof makeWorld>>;
let known: fc.Arbitrary<string>;

async function makeWorld() {
  const tenant = await createTenant(t.prisma, { name: "Fuzz actions", autoClaimEnabled: true });
  const asUser = (role: CurrentUser["role"]) => createSessionUser(t.prisma, tenant, role);
  const admin = await asUser("GLOBAL_ADMIN");
  const reader = await asUser("REPORTS_READER");
  const person = await asUser("USER");
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 2 });
  const other = await createProduct(t.prisma, tenant.id, { purchasedUnits: 2, standaloneFor: "POWER_AUTOMATE" });
  const environment = await createEnvironment(t.prisma, tenant.id, { managed: false });
  const app = await createApp(t.prisma, tenant.id, environment.id, { premium: true });
  const group = await createGroup(t.prisma, tenant.id);
  await addGroupMembers(t.prisma, tenant.id, group.id, [reader.id]);
  const launch = await recordLaunch(t.prisma, { tenantId: tenant.id, user: person.id, appId: app.id });
  const request = await requestLicense(t.prisma, { tenantId: tenant.id, launchId: launch.launchId, message: "please" });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id], app: "POWER_AUTOMATE" });
  // A refused launch with no request yet: the one request-a-license inputs name.
  const refused = await recordLaunch(t.prisma, { tenantId: tenant.id, user: person.id, appId: app.id });
  const values = [
    admin.id,
    reader.id,
    person.id,
    person.upn,
    product.id,
    other.id,
    product.servicePlans[0].servicePlanId,
    environment.id,
    app.id,
    group.id,
    launch.launchId,
    refused.launchId,
    request.id,
    policy.id,
    "00000000-0000-4000-8000-000000000000",
    ...ENUMS,
  ];
  const validValues: ValidValues = {
    enabled: ["true", "on", true, false],
    managed: ["true", "on", false],
    name: ["Fuzz policy", "Another name"],
    app: [app.id, "POWER_APPS", "POWER_AUTOMATE"],
    products: [[{ productId: product.id, enabledPlanIds: [product.servicePlans[0].servicePlanId] }]],
    productId: [product.id, other.id],
    groupId: [group.id, ""],
    policyId: [policy.id],
    scope: ["ALL_ENVIRONMENTS", "MANAGED_ONLY"],
    environmentId: [environment.id],
    user: [person.id, person.upn],
    launchId: [refused.launchId, launch.launchId],
    message: ["Please", "Line one\nline two"],
    requestId: [request.id],
    decisionMessage: ["OK"],
    userId: [person.id, reader.id],
    scopes: ["launches", ["directory.read", "directory.write"]],
    selection: [
      { kind: "ids", ids: [person.id] },
      { kind: "filter", filter: { range: "all", q: "" }, asOf: new Date().toISOString() },
    ],
  };
  return { tenant, admin, reader, person, values, validValues };
}

beforeAll(async () => {
  useAppDb(t.db);
  world = await makeWorld();
  known = knownValues(world.values);
});

type Action = (...args: unknown[]) => Promise<unknown>;
type Result = { ok: boolean; error?: unknown; fieldErrors?: Record<string, unknown>; status?: number };

function toFormData(input: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(input)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      form.append(Array.isArray(value) && key.length % 2 === 0 ? `${key}[]` : key, typeof item === "string" ? item : (JSON.stringify(item) ?? ""));
    }
  }
  return form;
}

/** The top-level fields of an action's schema (so that inputs have most of them), or none when it is not an object schema. */
function schemaFields(act: Action): string[] {
  const schema = actionInputSchema(act);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** What a client can hand an action: an object, FormData of it, or any other value; sometimes after a previous state. */
function actionInput(fields: string[]) {
  const object = inputObject(KEYS, known, { shapes: fields.length ? [fields] : [], valid: world.validValues });
  return fc.record({
    input: fc.oneof(
      { weight: 4, arbitrary: object.map((o) => ({ kind: "object" as const, value: o as unknown })) },
      { weight: 4, arbitrary: object.map((o) => ({ kind: "form" as const, value: toFormData(o) as unknown })) },
      { weight: 1, arbitrary: anyValue(known).map((v) => ({ kind: "other" as const, value: v })) },
    ),
    previous: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant({ ok: false, error: "x", fieldErrors: {} })),
  });
}

/**
 * The systematic cases, before the random ones: for each field of the schema, an input whose other
 * fields are valid and whose one field is text no field may hold (U+0000, a lone surrogate, a
 * control character) — as an object and as FormData.
 */
function oneBadField(fields: string[]) {
  const base = Object.fromEntries(fields.filter((f) => Object.hasOwn(world.validValues, f)).map((f) => [f, world.validValues[f][0]]));
  return fields.flatMap((field) =>
    ["a\u0000b", "\uD800", "x\u001By"].flatMap((bad) => {
      const value = { ...base, [field]: bad };
      return [
        [{ input: { kind: "object" as const, value: value as unknown }, previous: undefined }],
        [{ input: { kind: "form" as const, value: toFormData(value) as unknown }, previous: null }],
      ] as [{ input: { kind: "object" | "form" | "other"; value: unknown }; previous: unknown }][];
    }),
  );
}

const isRedirect = (error: unknown) =>
  typeof (error as { digest?: unknown })?.digest === "string" && (error as { digest: string }).digest.startsWith("NEXT_REDIRECT");

async function callAction(act: Action, input: unknown, previous: unknown): Promise<Result | "redirected"> {
  try {
    return (await (previous === undefined ? act(input) : act(previous, input))) as Result;
  } catch (error) {
    if (isRedirect(error)) return "redirected";
    throw error;
  }
}

const ROLES = ["GLOBAL_ADMIN", "REPORTS_READER", "USER", null] as const;
const files = actionFiles();

describe("the server actions found on disk", () => {
  it("include the console's and the launch page's", () => {
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(["launch/actions.ts", "(console)/settings/api-tokens/actions.ts"]));
  });
});

describe.each(files.map((f) => [f.name, f] as const))("%s", (name, file) => {
  const consoleAction = name.startsWith("(console)/");

  it.each(ROLES.map((role) => [role ?? "signed out", role] as const))("as %s: returns a result, never a 5xx or a write on refusal", async (_label, role) => {
    const mod = (await import(/* @vite-ignore */ file.file)) as Record<string, unknown>;
    const actions = Object.entries(mod).filter((entry): entry is [string, Action] => typeof entry[1] === "function");
    expect(actions.length).toBeGreaterThan(0);
    for (const [exportName, act] of actions) {
      expect(actionInputSchema(act), `${name} ${exportName} is built with action() (src/server/action.ts)`).toBeDefined();
      await fc.assert(
        fc.asyncProperty(actionInput(schemaFields(act)), async ({ input, previous }) => {
          current = role === null ? null : role === "GLOBAL_ADMIN" ? world.admin : role === "REPORTS_READER" ? world.reader : world.person;
          const before = await snapshot(t.prisma);
          const result = await callAction(act, input.value, previous);
          const where = `${name} ${exportName} as ${role}: ${JSON.stringify(result)?.slice(0, 300)}`;
          if (result === "redirected") return;
          expect(typeof result.ok, where).toBe("boolean");
          if (result.ok) return;
          expect(changedTables(before, await snapshot(t.prisma)), `${where} wrote while refusing`).toEqual([]);
          expect(result.status, where).toBeLessThan(500);
          expect(String(result.error ?? "").length, where).toBeGreaterThan(0);
          if (role === null) expect(result.status, where).toBe(401);
          else if (consoleAction && role !== "GLOBAL_ADMIN") expect(result.status, where).toBe(403);
          if (result.status === 400 && input.kind !== "other") expect(Object.keys(result.fieldErrors ?? {}).length, where).toBeGreaterThan(0);
        }),
        {
          numRuns: FUZZ.runs(role === "GLOBAL_ADMIN" ? 25 : role === "USER" && !consoleAction ? 25 : 4),
          seed: FUZZ.seed,
          examples: role === "GLOBAL_ADMIN" || (role === "USER" && !consoleAction) ? oneBadField(schemaFields(act)) : [],
        },
      );
    }
  });
});
