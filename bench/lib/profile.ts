/**
 * Where a `next start` process spends its CPU: summarises a V8 .cpuprofile (written by
 * `node --cpu-prof`) into self time per package (next, react-dom, @prisma/client, pg, zod…), the
 * app's own bundle, Node's internals, and GC / idle.
 */
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  category: string;
  ms: number;
  share: number;
}

export function categorise(url: string, fn: string): string {
  if (url.startsWith("wasm://")) return "WebAssembly (Prisma's query compiler)";
  if (!url) {
    if (fn === "(garbage collector)") return "GC";
    if (fn === "(idle)") return "idle";
    if (fn === "(program)") return "V8 / native (program)";
    return "native / builtins";
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    const pkg = nm[1];
    // Next ships React, its server runtime and many vendored packages inside next/dist/compiled.
    const vendored = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg === "next" && vendored) return vendored[1].startsWith("react") ? "react (next/dist/compiled)" : `next (compiled ${vendored[1]})`;
    return pkg;
  }
  if (url.startsWith("node:") || !url.includes("/")) return "node internals";
  if (url.includes("/.next")) return "app bundle (.next-bench/server)";
  return "other";
}

/**
 * `window` (µs on process.hrtime's clock, which V8's profile timestamps share) keeps only the samples
 * taken while the measured load ran: no start-up, no warm-up.
 */
export function summariseProfile(
  file: string,
  window?: { fromUs: number; toUs: number },
): { totalMs: number; shares: ProfileShare[]; topFunctions: { fn: string; where: string; ms: number }[] } {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const category = categorise(node.callFrame.url, node.callFrame.functionName);
    if (category === "idle") continue;
    total += us;
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const where = node.callFrame.url.replace(/^.*node_modules\//, "").slice(-80);
    const key = `${node.callFrame.functionName}@${where}`;
    const entry = byFunction.get(key) ?? { fn: node.callFrame.functionName || "(anonymous)", where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const shares = [...byCategory].map(([category, us]) => ({ category, ms: us / 1000, share: us / total })).sort((a, b) => b.ms - a.ms);
  const topFunctions = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, 15)
    .map((f) => ({ fn: f.fn, where: f.where, ms: f.us / 1000 }));
  return { totalMs: total / 1000, shares, topFunctions };
}
