import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MissingAuthSecretError, readOrCreateSecretFile, resolveAuthSecret } from "./secret";

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-secret-"));
  file = path.join(dir, "nested", "auth-secret");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("resolveAuthSecret", () => {
  it("uses AUTH_SECRET when it is set, and writes no file", () => {
    expect(resolveAuthSecret({ AUTH_SECRET: "x".repeat(32), DEMO_MODE: true, NODE_ENV: "production" }, file)).toBe("x".repeat(32));
    expect(fs.existsSync(file)).toBe(false);
  });

  it("in demo mode or tests, makes one random secret in a 0600 file and reuses it", () => {
    const first = resolveAuthSecret({ DEMO_MODE: true, NODE_ENV: "production" }, file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveAuthSecret({ DEMO_MODE: false, NODE_ENV: "test" }, file)).toBe(first);
    expect(readOrCreateSecretFile(file)).toBe(first);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["auth-secret"]); // no temp files left behind
  });

  it("keeps the secret another process wrote first", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "s".repeat(43), { mode: 0o600 });
    expect(resolveAuthSecret({ DEMO_MODE: true, NODE_ENV: "development" }, file)).toBe("s".repeat(43));
  });

  it("fails with a readable message anywhere else", () => {
    expect(() => resolveAuthSecret({ DEMO_MODE: false, NODE_ENV: "production" }, file)).toThrow(MissingAuthSecretError);
    expect(() => resolveAuthSecret({ DEMO_MODE: false, NODE_ENV: "development" }, file)).toThrow(/AUTH_SECRET is not set/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
