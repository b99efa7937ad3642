/** What the numbers were measured on: CPU, memory, load, versions, and the commit. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { root } from "./processes";

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  loadAverage: number[];
  node: string;
  platform: string;
  commit: string | null;
  dirtyTree: boolean | null;
}

export function machine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpuModel = m[1].trim();
  } catch {
    // not Linux
  }
  let commit: string | null = null;
  let dirtyTree: boolean | null = null;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    dirtyTree = execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim().length > 0;
  } catch {
    // not a git checkout
  }
  return {
    cpuModel,
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    commit,
    dirtyTree,
  };
}
