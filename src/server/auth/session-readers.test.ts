/**
 * Sessions end when their version is raised (sessions.ts) only because nothing reads a session
 * except getCurrentUser (guards.ts), which checks it: pages, layouts, server actions, route
 * handlers and /launch all go through it. This keeps it so.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../..");
const READERS = /\b(getServerSession|getToken|useSession|getSession)\b/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("who reads the session", () => {
  it("is getCurrentUser alone", () => {
    const readers = sources(SRC)
      .filter((file) => READERS.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(SRC, file));
    expect(readers).toEqual([path.join("server", "auth", "guards.ts")]);
  });
});
