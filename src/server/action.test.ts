import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CurrentUser } from "@/server/auth/guards";

vi.mock("server-only", () => ({}));
const getCurrentUser = vi.fn<() => Promise<CurrentUser | null>>();
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: () => getCurrentUser() }));
const appDb = { name: "the app's Prisma client" };
vi.mock("@/server/db", () => ({ db: () => appDb }));

const { action, formDataToObject } = await import("./action");
const { DomainError, ForbiddenError, NotFoundError, ValidationError } = await import("@/server/domain/errors");

const admin: CurrentUser = {
  id: "u-admin",
  tenantId: "t-contoso",
  tenantName: "Contoso",
  role: "GLOBAL_ADMIN",
  upn: "admin@contoso.com",
  displayName: "MOD Administrator",
};
const reader: CurrentUser = { ...admin, id: "u-reader", role: "REPORTS_READER", upn: "reports@contoso.com" };

const schema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(64, "Use at most 64 characters"),
  units: z.coerce.number().int("Enter a whole number").min(0, "Units can't be negative"),
});

function form(entries: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const value of [v].flat()) fd.append(k, value);
  return fd;
}

beforeEach(() => {
  getCurrentUser.mockReset();
  getCurrentUser.mockResolvedValue(admin);
});

describe("action()", () => {
  it("parses FormData, coercing numbers, and passes the user and the domain context (db, actor, tenant) to the handler", async () => {
    const handler = vi.fn(async (input: { name: string; units: number }) => ({ echoed: input }));
    const act = action(schema, ["GLOBAL_ADMIN"], handler);

    const result = await act(form({ name: "  Sales  ", units: "12" }));

    expect(result).toEqual({ ok: true, data: { echoed: { name: "Sales", units: 12 } } });
    expect(handler).toHaveBeenCalledWith(
      { name: "Sales", units: 12 },
      { user: admin, db: appDb, actor: { id: "u-admin", label: "admin@contoso.com" }, tenantId: "t-contoso" },
    );
  });

  it("works as useActionState's (previousState, formData) action and with a plain object", async () => {
    const act = action(schema, ["GLOBAL_ADMIN"], async (input) => input.units * 2);
    expect(await act(null, form({ name: "a", units: "4" }))).toEqual({ ok: true, data: 8 });
    expect(await act({ ok: true, data: 8 }, { name: "a", units: 5 })).toEqual({ ok: true, data: 10 });
    expect(await act({ name: "a", units: "6" })).toEqual({ ok: true, data: 12 });
  });

  it("returns field errors for bad input and does not call the handler", async () => {
    const handler = vi.fn(async () => "never");
    const act = action(schema, ["GLOBAL_ADMIN"], handler);

    const result = await act(form({ name: "   ", units: "lots" }));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.error).toMatch(/check the highlighted fields/i);
    expect(result.fieldErrors.name).toEqual(["Enter a name"]);
    expect(result.fieldErrors.units).toHaveLength(1);
    expect(handler).not.toHaveBeenCalled();
  });

  it("keys nested field errors by their dotted path", async () => {
    const nested = z.object({ products: z.array(z.object({ productId: z.string().uuid("Pick a product") })).min(1) });
    const act = action(nested, ["GLOBAL_ADMIN"], async () => null);
    const result = await act({ products: [{ productId: "0b8f4a2e-7b45-4b6f-9a3c-3f0e2b8d1c11" }, { productId: "x" }] });
    expect(result).toMatchObject({ ok: false, fieldErrors: { "products.1.productId": ["Pick a product"] } });
  });

  it("refuses a caller without the role with 403, before parsing, and never calls the handler", async () => {
    getCurrentUser.mockResolvedValue(reader);
    const handler = vi.fn(async () => "changed");
    const act = action(schema, ["GLOBAL_ADMIN"], handler);

    const result = await act(form({ name: "", units: "x" }));

    expect(result).toEqual({
      ok: false,
      status: 403,
      error: "Only a Global admin can do this. You are signed in as a Reports reader.",
      fieldErrors: {},
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 401 when nobody is signed in", async () => {
    getCurrentUser.mockResolvedValue(null);
    const handler = vi.fn(async () => "x");
    const result = await action(schema, [], handler)({ name: "a", units: 1 });
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets any signed-in user through when no roles are listed", async () => {
    getCurrentUser.mockResolvedValue({ ...admin, role: "USER" });
    expect(await action(schema, [], async () => "ok")({ name: "a", units: 1 })).toEqual({ ok: true, data: "ok" });
  });

  it("maps domain errors to a message, beside their field when they name one", async () => {
    const fail = (error: Error) => action(schema, ["GLOBAL_ADMIN"], async () => Promise.reject(error))({ name: "a", units: 1 });

    expect(await fail(new ValidationError("A policy named “a” already exists.", { field: "name" }))).toEqual({
      ok: false,
      status: 400,
      error: "A policy named “a” already exists.",
      fieldErrors: { name: ["A policy named “a” already exists."] },
    });
    expect(await fail(new NotFoundError("That policy no longer exists."))).toEqual({
      ok: false,
      status: 404,
      error: "That policy no longer exists.",
      fieldErrors: {},
    });
    class PolicyAlreadyExistsError extends DomainError {
      constructor() {
        super("There is already a Power Apps policy: “Sales”.", { code: "POLICY_ALREADY_EXISTS" });
      }
    }
    expect(await fail(new PolicyAlreadyExistsError())).toMatchObject({ ok: false, status: 409, fieldErrors: {} });
    expect(await fail(new ForbiddenError())).toMatchObject({ ok: false, status: 403 });
  });

  it("rethrows anything that is not a domain error (bugs, redirect(), notFound())", async () => {
    const boom = new Error("NEXT_REDIRECT");
    await expect(action(schema, ["GLOBAL_ADMIN"], async () => Promise.reject(boom))({ name: "a", units: 1 })).rejects.toBe(boom);
  });
});

describe("formDataToObject()", () => {
  it("makes arrays of repeated keys and of keys ending in [], and drops Next's $ACTION_ fields", () => {
    const fd = form({ name: "x", plans: ["a", "b"], "one[]": "only", $ACTION_ID_abc: "" });
    expect(formDataToObject(fd)).toEqual({ name: "x", plans: ["a", "b"], one: ["only"] });
  });
});
