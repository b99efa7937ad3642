/** asDomainError: the refusals a lost race causes, wherever Prisma 6 and the adapters put them, as 409 / 404. */
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { DomainError, NotFoundError } from "@/server/domain/errors";
import { asDomainError, ConcurrentChangeError, DatabaseUnavailableError, databaseUnavailable, readAfterChange, RETRY_AFTER_SECONDS } from "./errors";

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

describe("databaseUnavailable", () => {
  const pgError = (message: string, cause?: unknown) => Object.assign(new Error(message, cause ? { cause } : undefined), { clientVersion: "6.19.3" });

  it("knows the database away, however Prisma, the adapters and pg say it", () => {
    for (const error of [
      // what pg and pg-pool throw through adapter-pg (seen with the connection cut under the app)
      pgError("Connection terminated due to connection timeout", new Error("Connection terminated unexpectedly")),
      pgError("Client has encountered a connection error and is not queryable"),
      pgError("timeout exceeded when trying to connect"),
      pgError("Query read timeout"),
      new Error("Connection terminated"),
      new Error("Cannot use a pool after calling end on the pool"),
      // adapter-pg's kinds for ECONNREFUSED / ECONNRESET / ETIMEDOUT and too many connections
      adapter({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }),
      adapter({ kind: "ConnectionClosed" }),
      adapter({ kind: "SocketTimeout" }),
      adapter({ kind: "TooManyConnections", cause: "sorry, too many clients already" }),
      // the server shutting down, a connection failure, a statement cancelled by statement_timeout
      adapter({ kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }),
      adapter({ kind: "postgres", code: "08006", message: "connection failure" }),
      adapter({ kind: "postgres", code: "57014", message: "canceling statement due to statement timeout" }),
      // Prisma's own codes
      known("P1001"),
      known("P2024"),
      new Error("wrapped", { cause: known("P1017") }),
    ]) {
      expect(databaseUnavailable(error), String(error)).toBe(true);
      const mapped = asDomainError(error);
      expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
      expect(mapped).toMatchObject({ httpStatus: 503, code: "SERVICE_UNAVAILABLE", retryAfterSeconds: RETRY_AFTER_SECONDS });
    }
  });

  it("leaves refusals of the request itself and unrelated failures alone", () => {
    for (const error of [
      known("P2002", { target: ["name"] }),
      known("P2025"),
      adapter({ kind: "postgres", code: "23505", message: "duplicate key" }),
      adapter({ kind: "postgres", code: "42P01", message: 'relation "x" does not exist' }),
      adapter({ kind: "postgres", code: "40001" }),
      new Error("Connection terminated by the SMTP server"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 }),
      new TypeError("fetch failed"),
      null,
      "Connection terminated",
    ]) {
      expect(databaseUnavailable(error), String(error)).toBe(false);
      expect(asDomainError(error)).not.toBeInstanceOf(DatabaseUnavailableError);
    }
  });
});

describe("readAfterChange", () => {
  it("says the change was made when the read after it finds the database away", async () => {
    const error = await readAfterChange(Promise.reject(new Error("Connection terminated unexpectedly"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ httpStatus: 503, changeMade: true, message: expect.stringMatching(/^The change was made/) });
    expect(asDomainError(error)).toBe(error);
  });

  it("passes a result, and any other failure, through", async () => {
    expect(await readAfterChange(Promise.resolve(7))).toBe(7);
    const other = new Error("boom");
    expect(await readAfterChange(Promise.reject(other)).catch((e: unknown) => e)).toBe(other);
    expect(new DatabaseUnavailableError()).toMatchObject({ changeMade: false });
  });
});
