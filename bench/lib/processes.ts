/**
 * The processes the bench starts: `next build` and `next start` into and from their own output
 * directory (NEXT_DIST_DIR=.next-bench, so that the bench never touches anyone's .next), and the
 * bare server. Each listens on 127.0.0.1 only, is killed at cleanup (or on exit), and its output
 * goes to bench/results/logs/<name>.log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { killChild, onCleanup, trackChild } from "./cleanup";

export const root = path.resolve(import.meta.dirname, "../..");
export const BENCH_DIST_DIR = ".next-bench";
export const LOG_DIR = path.join(root, "bench", "results", "logs");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export function hasBuild(distDir = BENCH_DIST_DIR): boolean {
  return fs.existsSync(path.join(root, distDir, "BUILD_ID"));
}

function logStream(name: string) {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  return fs.openSync(path.join(LOG_DIR, `${name}.log`), "w");
}

/** `next build` into .next-bench; the build's output goes to its log (its tail is printed on failure). */
export async function nextBuild(): Promise<number> {
  const started = Date.now();
  // next build adds the output directory's types to tsconfig.json (and may rewrite next-env.d.ts):
  // shared files. Afterwards the .next-bench entries are taken out again (see untouchShared).
  const before = snapshot();
  const log = logStream("next-build");
  const child = spawn(bin("next"), ["build"], {
    cwd: root,
    stdio: ["ignore", log, log],
    detached: true,
    // Types are checked by `npm run typecheck` and CI; the bench only measures (next.config.ts reads this).
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" },
  });
  trackChild(child);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (c) => resolve(c));
    });
    if (code !== 0) {
      const tail = fs.readFileSync(path.join(LOG_DIR, "next-build.log"), "utf8").split("\n").slice(-30).join("\n");
      throw new Error(`next build failed (exit ${code}):\n${tail}`);
    }
  } finally {
    fs.closeSync(log);
    untouchShared(before);
  }
  return Date.now() - started;
}

type Snapshot = Record<string, string | null>;
const SHARED = ["tsconfig.json", "next-env.d.ts"];

function snapshot(): Snapshot {
  return Object.fromEntries(SHARED.map((f) => [f, fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f), "utf8") : null]));
}

/**
 * Takes the build's own traces out of the shared files. Other builds may run at the same time
 * (into their own directories), so nothing is blindly restored: tsconfig.json loses only its
 * .next-bench entries, and goes back to its old text only if nothing else changed meanwhile;
 * next-env.d.ts goes back only if it now names .next-bench.
 */
export function untouchShared(before: Snapshot): void {
  const tsconfigPath = path.join(root, "tsconfig.json");
  const now = fs.readFileSync(tsconfigPath, "utf8");
  if (now !== before["tsconfig.json"] && now.includes(BENCH_DIST_DIR + "/")) {
    const parsed = JSON.parse(now) as { include?: string[] };
    parsed.include = parsed.include?.filter((entry) => !entry.startsWith(`${BENCH_DIST_DIR}/`));
    const old = before["tsconfig.json"];
    const same = old !== null && JSON.stringify(JSON.parse(old)) === JSON.stringify(parsed);
    fs.writeFileSync(tsconfigPath, same ? old : `${JSON.stringify(parsed, null, 2)}\n`);
  }
  const envPath = path.join(root, "next-env.d.ts");
  const oldEnv = before["next-env.d.ts"];
  if (fs.existsSync(envPath) && fs.readFileSync(envPath, "utf8").includes(BENCH_DIST_DIR)) {
    if (oldEnv !== null) fs.writeFileSync(envPath, oldEnv);
  }
}

export interface Server {
  name: string;
  port: number;
  child: ChildProcess;
  /** The pid of the process that serves (for RSS sampling): next start's own, or its next-server child. */
  servingPid(): number;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited early (${child.exitCode ?? child.signalCode}); see bench/results/logs/${name}.log`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status > 0 && status < 500) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function comm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

function startProcess(name: string, command: string, args: string[], env: Record<string, string>, port: number, readyPath: string): Promise<Server> {
  const log = logStream(name);
  const child = spawn(command, args, { cwd: root, stdio: ["ignore", log, log], detached: true, env: { ...process.env, ...env } });
  fs.closeSync(log);
  trackChild(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    killChild(child, "SIGTERM");
    const timer = setTimeout(() => killChild(child, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(`stop ${name}`, stop);
  const server: Server = {
    name,
    port,
    child,
    servingPid() {
      // next start may serve from a forked "next-server" process: take the deepest node descendant.
      let pid = child.pid!;
      for (let depth = 0; depth < 3; depth++) {
        const next = childrenOf(pid).find((c) => /node|next/.test(comm(c)));
        if (!next) break;
        pid = next;
      }
      return pid;
    },
    stop,
  };
  return waitForHttp(`http://127.0.0.1:${port}${readyPath}`, child, name, 120_000).then(
    () => server,
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/**
 * `next start -H 127.0.0.1 -p <port>` on the bench build, against `databaseUrl`; `nodeArgs` (e.g.
 * --cpu-prof, which NODE_OPTIONS refuses) go to the node process that runs Next's CLI.
 */
export function startNext(name: string, port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  return startProcess(
    name,
    process.execPath,
    [...nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    { NEXT_DIST_DIR: BENCH_DIST_DIR, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    port,
    "/api/v1/ping",
  );
}

/** The bare node:http baseline (bench/bare-server.ts), run with tsx in its own process. */
export function startBare(name: string, port: number, env: Record<string, string>): Promise<Server> {
  return startProcess(name, process.execPath, ["--import", "tsx", path.join(root, "bench", "bare-server.ts")], { BARE_PORT: String(port), ...env }, port, "/");
}

/** Peak of VmRSS (kB → MB) of `pid` while `work` runs, sampled every `everyMs`. */
export async function sampleRss<T>(pid: number, work: () => Promise<T>, everyMs = 50): Promise<{ result: T; beforeMb: number; peakMb: number }> {
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const beforeMb = read();
  let peakMb = beforeMb;
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, read());
  }, everyMs);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, read());
    return { result, beforeMb, peakMb };
  } finally {
    clearInterval(timer);
  }
}
