/**
 * authenticateToken cold (no token cache: one SELECT per call, as before ADR 32) against warm (the
 * process's cache holds the token: no SQL), sequentially, in this process, on one database:
 *   npx tsx bench/token-cache.ts [DATABASE_URL] [N]
 * DATABASE_URL: a migrated postgresql://… database (a scratch tenant is made there and deleted), or
 * memory: (default; migrated here). N calls each (default 2000). Prints p50 and mean per call.
 */
import { createDb } from "@/server/db/client";
import { attachTokenCache } from "@/server/domain/tokens/cache";
import { hashToken } from "@/server/domain/tokens/hash";
import { authenticateToken } from "@/server/domain/tokens/service";
import { migrationScripts } from "../tests/setup/migrations";

const url = process.argv[2] ?? "memory:";
const n = Number(process.argv[3] ?? 2000);

async function time(what: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  console.log(`${what.padEnd(34)} p50 ${samples[n >> 1].toFixed(3)} ms   mean ${mean.toFixed(3)} ms   (n=${n})`);
  return mean;
}

const cold = createDb(url);
const warm = createDb(url);
try {
  if (cold.pglite) for (const sql of migrationScripts()) await cold.pglite.exec(sql);
  if (warm.pglite) for (const sql of migrationScripts()) await warm.pglite.exec(sql);
  const token = `acp_bench_${Date.now().toString(36)}`;
  const tenants: string[] = [];
  for (const db of new Set([cold.prisma, ...(warm.pglite ? [warm.prisma] : [])])) {
    const tenant = await db.tenant.create({ data: { name: "token-cache bench", domain: `token-cache-${Date.now().toString(36)}.example` } });
    tenants.push(tenant.id);
    await db.apiToken.create({ data: { tenantId: tenant.id, name: "bench", tokenHash: hashToken(token), prefix: token.slice(0, 8), scopes: ["launches"] } });
  }
  const binding = attachTokenCache(warm.prisma, warm.pglite ? { pglite: warm.pglite } : { url });
  await binding.listener.ready();
  console.log(`authenticateToken on ${url.startsWith("postgres") ? "PostgreSQL" : "PGlite"}:`);
  const c = await time("cold (no cache: one SELECT)", () => authenticateToken(cold.prisma, `Bearer ${token}`, ["launches"]));
  const w = await time("warm (cached: no SQL)", () => authenticateToken(warm.prisma, `Bearer ${token}`, ["launches"]));
  console.log(`warm is ${(c / w).toFixed(0)}× faster per call`);
  await binding.close();
  if (!cold.pglite) await cold.prisma.tenant.deleteMany({ where: { id: { in: tenants } } });
} finally {
  await cold.close();
  await warm.close();
}
