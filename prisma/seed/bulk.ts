/**
 * The benchmark's bulk claims: `npm run db:seed -- --bulk 100000` (or SEED_BULK=100000) makes sure
 * the demo tenant has that many extra people, each with a licence auto-claimed by the tenant's
 * Power Apps policy (the live one, else the auto-created one) and the launch that caused it,
 * spread over the last 365 days so that every report range has something to show.
 *
 * Set-based (INSERT … SELECT generate_series), in batches: one statement per table per batch.
 * The licence-counting triggers still run once per assignment row (ADR 4), so the invariants hold
 * exactly as for any other write: the product's purchased units are raised first by the number of
 * claims added, every claim takes one seat and one unit, and every AUTO_CLAIM assignment points at
 * its policy and its launch. Ids are derived from the tenant and the row number (md5 → uuid), so
 * running it again adds only what is missing.
 */
import type { PrismaClient } from "@/generated/prisma/client";

export interface BulkOptions {
  /** How many bulk claims the tenant should have in total. */
  count: number;
  /** Rows per transaction (each a few set-based statements). */
  batchSize?: number;
  now?: Date;
  log?: (line: string) => void;
}

export interface BulkSummary {
  added: number;
  total: number;
  policyId: string;
  productId: string;
  ms: number;
}

export const BULK_UPN_PREFIX = "bulk.";
const HISTORY_SECONDS = 365 * 24 * 3600;

/** Parses `--bulk N` / `--bulk=N` from argv, else SEED_BULK; null when neither is given. */
export function bulkCountFrom(argv: readonly string[], env: Record<string, string | undefined>): number | null {
  let raw: string | undefined;
  const i = argv.findIndex((a) => a === "--bulk" || a.startsWith("--bulk="));
  if (i >= 0) raw = argv[i].includes("=") ? argv[i].split("=")[1] : argv[i + 1];
  raw ??= env.SEED_BULK;
  if (raw === undefined || raw === "") return null;
  const n = Number(raw.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < 0 || n > 5_000_000) throw new Error(`--bulk / SEED_BULK must be a whole number from 0 to 5,000,000, not "${raw}"`);
  return n;
}

export async function seedBulkClaims(prisma: PrismaClient, tenantDomain: string, options: BulkOptions): Promise<BulkSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 10_000;
  const now = options.now ?? new Date();
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { domain: tenantDomain }, select: { id: true, domain: true } });
  const policy =
    (await prisma.autoClaimPolicy.findFirst({ where: { tenantId: tenant.id, app: "POWER_APPS", deletedAt: null }, select: { id: true } })) ??
    (await prisma.autoClaimPolicy.findFirst({
      where: { tenantId: tenant.id, app: "POWER_APPS", autoCreated: true },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    }));
  if (!policy) throw new Error(`Bulk seed: ${tenantDomain} has no Power Apps policy to claim through.`);
  const primary = await prisma.policyProduct.findFirst({
    where: { policyId: policy.id },
    orderBy: { position: "asc" },
    select: { productId: true, position: true, disabledPlanIds: true },
  });
  if (!primary) throw new Error("Bulk seed: the Power Apps policy has no product.");
  const apps = await prisma.app.findMany({
    where: { tenantId: tenant.id, autoClaimApp: "POWER_APPS", premium: true, environment: { managed: true } },
    orderBy: { name: "asc" },
    select: { id: true, environmentId: true },
  });
  if (apps.length === 0) throw new Error("Bulk seed: no premium Power Apps app in a managed environment.");

  const existing = await prisma.user.count({ where: { tenantId: tenant.id, userPrincipalName: { startsWith: BULK_UPN_PREFIX } } });
  const toAdd = Math.max(0, options.count - existing);
  const base = { policyId: policy.id, productId: primary.productId, ms: 0 };
  if (toAdd === 0) {
    log(`Bulk seed: ${existing} bulk claims already there; nothing to add.`);
    return { ...base, added: 0, total: existing, ms: Date.now() - started };
  }

  const appIds = apps.map((a) => a.id);
  const envIds = apps.map((a) => a.environmentId);
  for (let from = existing + 1; from <= existing + toAdd; from += batchSize) {
    const to = Math.min(from + batchSize - 1, existing + toAdd);
    const batchStarted = Date.now();
    await prisma.$transaction(
      async (tx) => {
        // Room for the new claims first: the CHECK consumed <= purchased holds after every row.
        await tx.$executeRaw`UPDATE "Product" SET "purchasedUnits" = "purchasedUnits" + ${to - from + 1} WHERE "id" = ${primary.productId}::uuid`;
        await tx.$executeRaw`
          INSERT INTO "User" ("id", "tenantId", "displayName", "givenName", "surname", "userPrincipalName", "mail",
                              "jobTitle", "department", "usageLocation", "role", "accountEnabled", "createdAt")
          SELECT md5('bulk-user:' || ${tenant.id} || ':' || i)::uuid, ${tenant.id}::uuid,
                 g.given || ' ' || g.sur || ' ' || lpad(i::text, 6, '0'), g.given, g.sur || ' ' || lpad(i::text, 6, '0'),
                 ${BULK_UPN_PREFIX} || lower(g.given) || '.' || lower(g.sur) || '.' || lpad(i::text, 6, '0') || '@' || ${tenant.domain},
                 ${BULK_UPN_PREFIX} || lower(g.given) || '.' || lower(g.sur) || '.' || lpad(i::text, 6, '0') || '@' || ${tenant.domain},
                 'Field technician', g.dept, 'US', 'USER', true, ${now}::timestamp - interval '400 days'
          FROM generate_series(${from}::int, ${to}::int) AS i
          CROSS JOIN LATERAL (SELECT
            (ARRAY['Ava','Ben','Chen','Dara','Eli','Fatima','Gus','Hana','Ivo','Jade','Kofi','Lena','Milo','Nia','Omar','Pia','Quinn','Ravi','Sara','Theo'])[1 + i % 20] AS given,
            (ARRAY['Adams','Baker','Clark','Diaz','Evans','Fox','Gray','Hill','Ito','Jones','King','Lopez','Moore','Ng','Ortiz','Park','Reed','Shah','Taylor','Young'])[1 + (i / 20) % 20] AS sur,
            (ARRAY['Field Service','Operations','Sales','Manufacturing','Retail'])[1 + i % 5] AS dept) AS g`;
        await tx.$executeRaw`
          INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "productId", "createdAt")
          SELECT md5('bulk-launch:' || ${tenant.id} || ':' || i)::uuid, ${tenant.id}::uuid, md5('bulk-user:' || ${tenant.id} || ':' || i)::uuid,
                 (${appIds}::uuid[])[1 + i % ${appIds.length}], (${envIds}::uuid[])[1 + i % ${envIds.length}],
                 'APP_LAUNCH', 'ALLOW', 'AUTO_CLAIMED', ${policy.id}::uuid, ${primary.productId}::uuid,
                 ${now}::timestamp - make_interval(secs => (i::bigint * 7919) % ${HISTORY_SECONDS})
          FROM generate_series(${from}::int, ${to}::int) AS i`;
        await tx.$executeRaw`
          INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "policyId", "productOrder", "launchId", "assignedAt")
          SELECT md5('bulk-assignment:' || ${tenant.id} || ':' || i)::uuid, ${tenant.id}::uuid, md5('bulk-user:' || ${tenant.id} || ':' || i)::uuid,
                 ${primary.productId}::uuid, 'AUTO_CLAIM', ${primary.disabledPlanIds}::text[], ${policy.id}::uuid, ${primary.position}::int,
                 md5('bulk-launch:' || ${tenant.id} || ':' || i)::uuid,
                 ${now}::timestamp - make_interval(secs => (i::bigint * 7919) % ${HISTORY_SECONDS})
          FROM generate_series(${from}::int, ${to}::int) AS i`;
      },
      { timeout: 600_000, maxWait: 30_000 },
    );
    log(`Bulk seed: claims ${from}–${to} in ${Date.now() - batchStarted} ms`);
  }
  return { ...base, added: toAdd, total: existing + toAdd, ms: Date.now() - started };
}
