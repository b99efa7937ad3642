import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./adapter";

describe("parseDatabaseUrl", () => {
  it("defaults to the embedded database under .data", () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: "pglite", dataDir: path.resolve(".data/pglite") });
    expect(parseDatabaseUrl("")).toEqual({ kind: "pglite", dataDir: path.resolve(".data/pglite") });
  });
  it("selects PostgreSQL for postgres:// and postgresql:// URLs", () => {
    expect(parseDatabaseUrl("postgresql://u@h:5432/db")).toEqual({ kind: "postgres", url: "postgresql://u@h:5432/db" });
    expect(parseDatabaseUrl("postgres://h/db").kind).toBe("postgres");
  });
  it("selects in-memory PGlite for memory:", () => {
    expect(parseDatabaseUrl("memory:")).toEqual({ kind: "pglite", dataDir: null });
  });
  it("accepts absolute file: paths", () => {
    expect(parseDatabaseUrl("file:///tmp/x")).toEqual({ kind: "pglite", dataDir: "/tmp/x" });
    expect(parseDatabaseUrl("file:/tmp/y")).toEqual({ kind: "pglite", dataDir: "/tmp/y" });
  });
  it("refuses anything else with a readable message", () => {
    expect(() => parseDatabaseUrl("mysql://h/db")).toThrow(/DATABASE_URL must be/);
    expect(() => parseDatabaseUrl("file:")).toThrow(/names no directory/);
  });
});
