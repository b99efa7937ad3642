/**
 * SQL statements per decision, counted (not timed) from Prisma's query events in-process, as
 * src/server/domain/launches/service.db.test.ts does: a small world made with the test factories,
 * one launch down each path. BEGIN is not logged by Prisma; COMMIT is.
 */
import { recordLaunch } from "@/server/domain/launches/service";
import { authenticateToken } from "@/server/domain/tokens/service";
import { attachTokenCache } from "@/server/domain/tokens/cache";
import { hashToken } from "@/server/domain/tokens/hash";
import { createDb } from "@/server/db/client";
import { assignDirect, createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../tests/factories";
import { migrationScripts } from "../../tests/setup/migrations";
import { onQuery } from "./launch-sql";

export interface StatementCount {
  path: string;
  statements: number;
  /** The first words of each statement, in order. */
  sql: string[];
}

const short = (q: string) => q.replace(/\s+/g, " ").trim().slice(0, 70);

/** Counts on a database at `url` (a migrated postgresql://… database, or memory: — migrated here); makes its own small tenant there. */
export async function countStatements(url: string): Promise<StatementCount[]> {
  const handle = createDb(url, { log: [{ emit: "event", level: "query" }] });
  try {
    if (handle.pglite) for (const script of migrationScripts()) await handle.pglite.exec(script);
    const db = handle.prisma;
    let events: string[] = [];
    onQuery(db, (e) => events.push(e.query));
    const tenant = await createTenant(db, { autoClaimEnabled: true });
    const product = await createProduct(db, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 1 });
    const managed = await createEnvironment(db, tenant.id, { managed: true });
    const standard = await createEnvironment(db, tenant.id, { managed: false });
    const premium = await createApp(db, tenant.id, managed.id, { premium: true });
    const plain = await createApp(db, tenant.id, standard.id, { premium: false });
    await createPolicy(db, tenant.id, { productIds: [product.id] });
    const holder = await createUser(db, tenant);
    const [claimer, refused] = [await createUser(db, tenant), await createUser(db, tenant)];
    const other = await createProduct(db, tenant.id, { displayName: "Power Apps per app", purchasedUnits: 5 });
    await assignDirect(db, tenant.id, holder.id, other.id);
    const token = "count-token-0123456789";
    await db.apiToken.create({
      data: { tenantId: tenant.id, name: "count", tokenHash: hashToken(token), prefix: "count-to", scopes: ["launches"], lastUsedAt: new Date() },
    });

    const out: StatementCount[] = [];
    const count = async (path: string, fn: () => Promise<unknown>) => {
      await new Promise((r) => setTimeout(r, 20)); // let stray events of the set-up arrive first
      events = [];
      await fn();
      out.push({ path, statements: events.length, sql: events.map(short) });
    };
    const launch = (user: string, appId: string) => recordLaunch(db, { tenantId: tenant.id, user, appId });
    await count("LICENSED (already licensed)", () => launch(holder.id, premium.id));
    await count("NOT_REQUIRED (standard app, standard environment)", () => launch(holder.id, plain.id));
    await count("AUTO_CLAIMED (claim path)", () => launch(claimer.id, premium.id));
    await count("NO_LICENSES_AVAILABLE (pool empty)", () => launch(refused.id, premium.id));
    // The route's token check through the process's token cache (ADR 32): the first call reads the
    // row, the next ones read nothing while the cache listens for revocations.
    const binding = attachTokenCache(db, handle.pglite ? { pglite: handle.pglite } : { url });
    try {
      await binding.listener.ready();
      await count("API token check, cold (route, before the decision)", () => authenticateToken(db, `Bearer ${token}`, ["launches"]));
      await count("API token check, warm (cached)", () => authenticateToken(db, `Bearer ${token}`, ["launches"]));
    } finally {
      await binding.close();
    }
    return out;
  } finally {
    await handle.close();
  }
}
