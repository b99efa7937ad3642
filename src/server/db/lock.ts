/**
 * An embedded (PGlite) data directory is opened by one process at a time (SPEC §11): two
 * processes on one directory each believe they own it, and writes are lost or the files corrupted.
 *
 * The lock lives in `<dir>.lock/`, beside the data directory (so that dropping the data directory
 * keeps it; the folder itself stays, empty, when released):
 *   held/       — the lock itself, a directory made atomically by proper-lockfile, which keeps its
 *                 mtime fresh (and notices when someone else took it);
 *   holder.json — the process that holds it: pid, host, command, since, and a token;
 *   opened.json — the process that has the database open right now (the holder or its child).
 *
 * - `openDataDir(dir)` (called by openPGlite, so by the app, the CLI, the seed and the scripts)
 *   takes the lock, or refuses at once with DataDirLockedError naming the directory and its holder.
 * - `holdDataDir(dir)` (the demo, reset and e2e scripts) holds the lock for the life of the script
 *   and passes it on to the processes it starts (prisma migrate, next start) through the
 *   environment variable PGLITE_LOCK_TOKEN: a child whose token matches the live holder's may open
 *   the directory — one at a time, by opened.json — without taking the lock itself.
 * - Released on close and when the process exits. A holder that died without releasing (kill -9)
 *   is taken over at once when its pid is gone on this host; a holder on another host (a shared
 *   volume) once the lock has not been refreshed for STALE_MS (proper-lockfile's stale option).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";

/** Passes a script's lock to the processes it starts; not configuration. */
export const LOCK_TOKEN_ENV = "PGLITE_LOCK_TOKEN";
/** A lock not refreshed for this long, held from another host, is taken over (refreshed every STALE_MS / 2). */
export const STALE_MS = 120_000;

interface ProcessInfo {
  pid: number;
  hostname: string;
  command: string;
  since: string;
}
interface HolderInfo extends ProcessInfo {
  token: string;
}

/** The directory is held or open elsewhere (or already open in this process). */
export class DataDirLockedError extends Error {
  readonly code = "PGLITE_LOCKED";
  constructor(
    readonly dir: string,
    readonly holder: ProcessInfo | null,
    kind: "held" | "open" | "this process",
    openedBy: ProcessInfo | null = null,
  ) {
    super(
      kind === "this process"
        ? `The embedded database ${dir} is already open in this process.`
        : `The embedded database ${dir} is ${kind === "open" ? "open in" : "in use by"} another process: ${describe(holder)}` +
            (openedBy && openedBy.pid !== holder?.pid ? `, open in its pid ${openedBy.pid} (${openedBy.command})` : "") +
            ". " +
            `Only one process may open it at a time: stop that process first, or set DATABASE_URL to another directory.` +
            (holder && holder.hostname !== os.hostname()
              ? ` (If that host is gone, the lock is taken over once ${heldDir(dir)} is ${STALE_MS / 1000} s old.)`
              : ""),
    );
    this.name = "DataDirLockedError";
  }
}

function describe(p: ProcessInfo | null): string {
  if (!p) return "one that is starting right now";
  return `pid ${p.pid}${p.hostname === os.hostname() ? "" : ` on ${p.hostname}`} (${p.command}), since ${p.since}`;
}

export const lockPath = (dir: string) => `${path.resolve(dir)}.lock`;
const heldDir = (dir: string) => path.join(lockPath(dir), "held");
const holderFile = (dir: string) => path.join(lockPath(dir), "holder.json");
const openedFile = (dir: string) => path.join(lockPath(dir), "opened.json");

// ---- this process ---------------------------------------------------------------------------------

interface Entry {
  /** proper-lockfile's release, when this process took the lock itself. */
  unlock: (() => void) | null;
  /** holdDataDir was called: keep the lock until exit. */
  held: boolean;
  /** The database is open in this process. */
  opened: boolean;
}
interface State {
  token: string;
  entries: Map<string, Entry>;
  exitHook: boolean;
}
// On globalThis: Next may load this module more than once in one process.
const g = globalThis as typeof globalThis & { __pgliteLocks?: State };
const state: State = (g.__pgliteLocks ??= { token: randomBytes(16).toString("hex"), entries: new Map(), exitHook: false });

function entry(dir: string): Entry {
  let e = state.entries.get(dir);
  if (!e) state.entries.set(dir, (e = { unlock: null, held: false, opened: false }));
  if (!state.exitHook) {
    state.exitHook = true;
    process.on("exit", releaseAllSync);
  }
  return e;
}

function me(): ProcessInfo {
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) || process.argv[1] : "node";
  const npm = process.env.npm_command === "run-script" ? process.env.npm_lifecycle_event : undefined;
  const command = `${npm ? `npm run ${npm}: ` : ""}${[script, ...process.argv.slice(2)].join(" ")}`.slice(0, 200);
  const since = new Date(Date.now() - process.uptime() * 1000).toISOString().replace("T", " ").slice(0, 19);
  return { pid: process.pid, hostname: os.hostname(), command, since };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** Gone: on this host, its pid is not running (or is this process's, from a previous life); elsewhere, not refreshed for STALE_MS. */
function gone(p: ProcessInfo | null, dir: string): boolean {
  if (p && p.hostname === os.hostname()) return p.pid === process.pid || !alive(p.pid);
  try {
    return fs.statSync(heldDir(dir)).mtimeMs < Date.now() - STALE_MS;
  } catch {
    return true;
  }
}

// ---- the lock -------------------------------------------------------------------------------------

function acquire(dir: string): () => void {
  fs.mkdirSync(lockPath(dir), { recursive: true });
  // A live holder on this host is refused whatever the lock's age (its event loop may just be busy).
  const current = fs.existsSync(heldDir(dir)) ? readJson<HolderInfo>(holderFile(dir)) : null;
  if (current && current.hostname === os.hostname() && !gone(current, dir))
    throw new DataDirLockedError(dir, current, "held", readJson<ProcessInfo>(openedFile(dir)));
  const take = () =>
    lockfile.lockSync(dir, {
      realpath: false,
      lockfilePath: heldDir(dir),
      stale: STALE_MS,
      onCompromised: (error) => {
        // A refresh that came late (a busy event loop on a loaded machine) is no loss: the lock is
        // still ours while holder.json names this process, and holders on this host are judged by
        // their pid, not the lock's age. Only a lock that someone removed or took over stops the
        // process, rather than let it write beside them.
        const holder = readJson<HolderInfo>(holderFile(dir));
        if (holder && holder.token === state.token && holder.pid === process.pid && fs.existsSync(heldDir(dir))) return;
        throw new Error(`Lost the lock on the embedded database ${dir} (${error.message}); stopping so that two processes do not write to it.`);
      },
    });
  let unlock: () => void;
  try {
    unlock = take();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ELOCKED" && code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
    const holder = readJson<HolderInfo>(holderFile(dir));
    const opener = readJson<ProcessInfo>(openedFile(dir));
    if (!gone(holder, dir)) throw new DataDirLockedError(dir, holder, "held", opener);
    // A holder gone while the process it started still has the database open: that one still counts.
    if (opener && !gone(opener, dir)) throw new DataDirLockedError(dir, opener, "open");
    // The holder is gone (kill -9, a crash): take the lock over.
    for (const left of [openedFile(dir), holderFile(dir), heldDir(dir)]) fs.rmSync(left, { recursive: true, force: true });
    try {
      unlock = take();
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dir, readJson<HolderInfo>(holderFile(dir)), "held");
      throw again;
    }
  }
  const holder: HolderInfo = { ...me(), token: state.token };
  fs.writeFileSync(holderFile(dir), JSON.stringify(holder));
  return unlock;
}

function releaseLock(dir: string, e: Entry): void {
  const unlock = e.unlock;
  e.unlock = null;
  e.held = false;
  if (!unlock) return;
  fs.rmSync(openedFile(dir), { force: true });
  fs.rmSync(holderFile(dir), { force: true });
  try {
    unlock();
  } catch {
    fs.rmSync(heldDir(dir), { recursive: true, force: true });
  }
}

/** The lock is held by the live process that started this one (its token is ours). */
function inherited(dir: string): boolean {
  const token = process.env[LOCK_TOKEN_ENV];
  if (!token) return false;
  const holder = readJson<HolderInfo>(holderFile(dir));
  return holder !== null && holder.token === token && holder.hostname === os.hostname() && holder.pid !== process.pid && alive(holder.pid);
}

function markOpened(dir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(openedFile(dir), JSON.stringify(me()), { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const other = readJson<ProcessInfo>(openedFile(dir));
    if (!gone(other, dir)) throw new DataDirLockedError(dir, other, "open");
    fs.rmSync(openedFile(dir), { force: true });
  }
  throw new DataDirLockedError(dir, readJson<ProcessInfo>(openedFile(dir)), "open");
}

function unmarkOpened(dir: string): void {
  if (readJson<ProcessInfo>(openedFile(dir))?.pid === process.pid) fs.rmSync(openedFile(dir), { force: true });
}

/**
 * Claims `dir` for opening the database in this process; refuses at once (DataDirLockedError) when
 * another process holds or has it open. Returns the release, to call after closing the database.
 */
export function openDataDir(dir: string): () => void {
  dir = path.resolve(dir);
  const e = entry(dir);
  if (e.opened) throw new DataDirLockedError(dir, null, "this process");
  const tookLock = !e.unlock && !inherited(dir);
  if (tookLock) e.unlock = acquire(dir);
  try {
    markOpened(dir);
  } catch (error) {
    if (tookLock) releaseLock(dir, e);
    throw error;
  }
  e.opened = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    e.opened = false;
    unmarkOpened(dir);
    if (tookLock && !e.held) releaseLock(dir, e);
  };
}

/**
 * Holds `dir` for the rest of this process (a script that migrates, seeds and then starts the app)
 * and passes the lock on to the processes it starts. Idempotent; refuses like openDataDir.
 */
export function holdDataDir(dir: string): void {
  dir = path.resolve(dir);
  const e = entry(dir);
  if (e.held) return;
  if (!e.unlock && !inherited(dir)) e.unlock = acquire(dir);
  e.held = true;
  // Processes started from now on may open it: the holder's token is theirs (an inherited one stays as it is).
  if (e.unlock) process.env[LOCK_TOKEN_ENV] = state.token;
}

/** Releases a hold taken by holdDataDir (the lock stays while the database is open here). */
export function releaseDataDir(dir: string): void {
  dir = path.resolve(dir);
  const e = state.entries.get(dir);
  if (!e) return;
  e.held = false;
  if (!e.opened) releaseLock(dir, e);
}

function releaseAllSync(): void {
  for (const [dir, e] of state.entries) {
    try {
      if (e.opened) unmarkOpened(dir);
      releaseLock(dir, e);
    } catch {
      // exiting: nothing more to do
    }
  }
}
