/**
 * One process per embedded database directory (SPEC §11), with real second processes
 * (tests/fixtures/hold-database.ts): refused at once with a message naming the directory and the
 * holder, released on close and on exit, taken over from a killed holder, passed on by a script to
 * the process it starts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openPGlite, poolSize } from "./adapter";
import { createDb } from "./client";
import { DataDirLockedError, holdDataDir, lockPath, openDataDir, releaseDataDir, STALE_MS } from "./lock";

const FIXTURE = path.resolve(import.meta.dirname, "../../../tests/fixtures/hold-database.ts");
const base = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-lock-"));
let n = 0;
const freshDir = () => path.join(base, `db${++n}`);
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(mode: "app" | "cli" | "hold", dir: string): Run {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, mode, dir], {
    cwd: path.resolve(import.meta.dirname, "../../.."),
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function ready(run: Run): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!run.output().includes("READY")) {
    if (run.child.exitCode !== null) throw new Error(`the holder exited: ${run.output()}`);
    if (Date.now() > deadline) throw new Error(`the holder never got ready: ${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};

// Each test starts child Node processes (tsx); on a loaded machine one start can take tens of seconds.
describe("the embedded database's directory lock", { timeout: 120_000 }, () => {
  it("refuses the app's client at once while the Prisma CLI has the directory, naming it and the holder; free again once the CLI closes", async () => {
    const dir = freshDir();
    const cli = start("cli", dir);
    await ready(cli);
    const started = Date.now();
    const error = refusal(() => createDb(`file:${dir}`));
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`The embedded database ${dir} is in use by another process: pid ${cli.child.pid} (`);
    expect((error as Error).message).toContain("hold-database.ts cli");
    cli.child.stdin!.end("close\n");
    expect(await cli.exited).toBe(0);
    const handle = createDb(`file:${dir}`);
    await handle.close();
  });

  it("refuses a second process at once with the message, and lets it in after the first exits", async () => {
    const dir = freshDir();
    const app = start("app", dir);
    await ready(app);
    const second = start("cli", dir);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`The embedded database ${dir} is in use by another process: pid ${app.child.pid}`);
    expect(second.output()).toContain("set DATABASE_URL to another directory");
    app.child.stdin!.end("close\n");
    expect(await app.exited).toBe(0);
    expect(fs.existsSync(path.join(lockPath(dir), "held"))).toBe(false);
    const third = start("cli", dir);
    await ready(third);
  });

  it("takes over at once the lock of a holder killed with SIGKILL", async () => {
    const dir = freshDir();
    const holder = start("cli", dir);
    await ready(holder);
    holder.child.kill("SIGKILL");
    await holder.exited;
    expect(fs.existsSync(path.join(lockPath(dir), "held"))).toBe(true); // left behind
    const release = openDataDir(dir);
    release();
  });

  it("a killed holder whose child still has the directory open is not taken over", async () => {
    const dir = freshDir();
    const idle = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(idle);
    const lock = lockPath(dir);
    fs.mkdirSync(path.join(lock, "held"), { recursive: true });
    fs.writeFileSync(
      path.join(lock, "holder.json"),
      JSON.stringify({ pid: 2 ** 22 + 1, hostname: os.hostname(), command: "scripts/demo.ts", since: "2026-12-01 08:00:00", token: "x" }),
    );
    fs.writeFileSync(
      path.join(lock, "opened.json"),
      JSON.stringify({ pid: idle.pid, hostname: os.hostname(), command: "next start", since: "2026-12-01 08:00:01" }),
    );
    expect(() => openDataDir(dir)).toThrow(`is open in another process: pid ${idle.pid} (next start)`);
    idle.kill("SIGKILL");
    await new Promise((resolve) => idle.on("exit", resolve));
    openDataDir(dir)();
  });

  it("a script's hold is passed on to the process it starts, and refuses everyone else", async () => {
    const dir = freshDir();
    const script = start("hold", dir);
    await ready(script); // READY from its child, which opened the directory under the script's lock
    const error = refusal(() => openDataDir(dir)) as Error;
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error.message).toContain(`pid ${script.child.pid} (`);
    expect(error.message).toContain("hold-database.ts hold");
    expect(error.message).toMatch(/, open in its pid \d+ \(.*hold-database.ts app/);
    script.child.stdin!.end("close\n");
    expect(await script.exited).toBe(0);
    openDataDir(dir)();
  });

  it("within one process: a second open is refused; a hold lets this process open it; memory: takes no lock", async () => {
    const dir = freshDir();
    const release = openDataDir(dir);
    expect(() => openDataDir(dir)).toThrow(`The embedded database ${dir} is already open in this process.`);
    release();
    holdDataDir(dir);
    const opened = openDataDir(dir);
    opened();
    expect(fs.existsSync(path.join(lockPath(dir), "held"))).toBe(true); // still held
    releaseDataDir(dir);
    expect(fs.existsSync(path.join(lockPath(dir), "held"))).toBe(false);
    const memory = openPGlite(null);
    await memory.close();
  });

  it("a lock held from another host is refused while fresh and taken over once stale", () => {
    const dir = freshDir();
    const lock = lockPath(dir);
    fs.mkdirSync(path.join(lock, "held"), { recursive: true });
    fs.writeFileSync(
      path.join(lock, "holder.json"),
      JSON.stringify({ pid: 1, hostname: "elsewhere", command: "next start", since: "2026-12-01 08:00:00", token: "x" }),
    );
    expect(() => openDataDir(dir)).toThrow(/in use by another process: pid 1 on elsewhere \(next start\)/);
    const old = new Date(Date.now() - STALE_MS - 5_000);
    fs.utimesSync(path.join(lock, "held"), old, old);
    openDataDir(dir)();
  });
});

describe("poolSize", () => {
  it("reads DATABASE_POOL_SIZE as env.ts does: default 10, whole numbers 1–500, anything else refused", () => {
    expect(poolSize(undefined)).toBe(10);
    expect(poolSize("25")).toBe(25);
    for (const bad of ["abc", "0", "501", "2.5", "-1"]) expect(() => poolSize(bad), bad).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 500/);
  });
});
