/** asDomainError: the refusals a lost race causes, wherever Prisma 6 and the adapters put them, as 409 / 404. */
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { DomainError, NotFoundError } from "@/server/domain/errors";
import { asDomainError, ConcurrentChangeError } from "./errors";

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(`failed (${code})`, { code, clientVersion: "6.19.3", meta });
const adapter = (cause: Record<string, unknown>) => Object.assign(new Error("DriverAdapterError"), { name: "DriverAdapterError", cause });

describe("asDomainError", () => {
  it("maps a unique violation to 409, however it arrives", () => {
    for (const error of [
      known("P2002", { target: ["name"] }),
      adapter({ kind: "UniqueConstraintViolation", constraint: { index: "x" } }),
      adapter({ kind: "postgres", code: "23505", message: "duplicate key" }),
      { code: "23505", constraint: "x" },
    ]) {
      const mapped = asDomainError(error);
      expect(mapped).toBeInstanceOf(ConcurrentChangeError);
      expect(mapped).toMatchObject({ httpStatus: 409, code: "CONFLICT" });
    }
  });

  it("maps a row gone before it could be changed (P2025) to 404", () => {
    expect(asDomainError(known("P2025"))).toBeInstanceOf(NotFoundError);
    expect(asDomainError(new Error("wrapped", { cause: known("P2025") }))).toMatchObject({ httpStatus: 404 });
  });

  it("maps serialization failures, deadlocks and foreign keys to a row just removed to 409", () => {
    for (const error of [
      known("P2034"),
      adapter({ kind: "postgres", code: "40001" }),
      adapter({ kind: "postgres", code: "40P01" }),
      known("P2003"),
      { code: "23503" },
    ]) {
      expect(asDomainError(error), JSON.stringify(error)).toMatchObject({ httpStatus: 409 });
    }
  });

  it("returns a DomainError as it is, and null for anything else", () => {
    const domain = new DomainError("no", { httpStatus: 400 });
    expect(asDomainError(domain)).toBe(domain);
    for (const other of [new Error("boom"), known("P2028"), { code: "23514" }, "text", null, undefined]) expect(asDomainError(other)).toBeNull();
  });
});
