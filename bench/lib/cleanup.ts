/**
 * Everything the bench starts is undone: child processes are killed (also from process.on("exit"),
 * synchronously), databases dropped (in `runCleanups`, which the entry point calls from `finally`
 * and on SIGINT/SIGTERM). Later registrations are undone first.
 */
import type { ChildProcess } from "node:child_process";

type Cleanup = { label: string; fn: () => Promise<void> | void };
const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();

export function onCleanup(label: string, fn: () => Promise<void> | void): void {
  cleanups.push({ label, fn });
}

/** Kills the child (its whole process group when it was spawned detached) at cleanup or exit. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

export function killChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    // Detached children lead their own process group: kill the group (next start may fork workers).
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export async function runCleanups(): Promise<void> {
  for (const child of children) killChild(child);
  while (cleanups.length) {
    const { label, fn } = cleanups.pop()!;
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup "${label}" failed:`, error instanceof Error ? error.message : error);
    }
  }
}

let installed = false;
/** For the command-line entry point: undo everything on Ctrl-C / SIGTERM, and kill children on any exit. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => {
    for (const child of children) killChild(child, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping servers and dropping databases…`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
}
