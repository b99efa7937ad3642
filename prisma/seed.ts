/**
 * `npm run db:seed`: makes the demo tenant Contoso unless it is already there. Demo accounts and
 * the demo API token only in demo mode (DEMO_MODE=true, as `npm run demo` sets it); in demo mode, a
 * tenant already there gets them too (`ensureDemoAccess`), so the demo signs in after a reset.
 * `npm run db:seed -- --bulk 100000` (or SEED_BULK=100000) then adds bulk auto-claims for the
 * benchmark (prisma/seed/bulk.ts).
 */
import { parseEnv, type Env } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb } from "@/server/db/client";
import { DataDirLockedError } from "@/server/db/lock";
import { bulkCountFrom, seedBulkClaims } from "./seed/bulk";
import { CONTOSO_DOMAIN, ensureDemoAccess, seedContoso } from "./seed/contoso";

export async function seed(url = process.env.DATABASE_URL, { bulk = null }: { bulk?: number | null } = {}): Promise<void> {
  const env = parseEnv(process.env);
  const { prisma, close } = createDb(url);
  try {
    await seedTenant(prisma, env);
    if (bulk) {
      const summary = await seedBulkClaims(prisma, CONTOSO_DOMAIN, { count: bulk, log: (line) => console.log(line) });
      console.log(`Seed: ${summary.added} bulk auto-claims added (${summary.total} in all) in ${summary.ms} ms.`);
    }
  } finally {
    await close();
  }
}

async function seedTenant(prisma: PrismaClient, env: Env): Promise<void> {
  const existing = await prisma.tenant.findUnique({ where: { domain: CONTOSO_DOMAIN } });
  if (existing) {
    if (env.DEMO_MODE) {
      const access = await ensureDemoAccess(prisma, CONTOSO_DOMAIN, { demoPassword: env.DEMO_PASSWORD, demoApiToken: env.DEMO_API_TOKEN });
      console.log(`Seed: tenant ${CONTOSO_DOMAIN} already exists; its ${access?.accounts ?? 0} accounts take the demo password and the demo API token works.`);
    } else {
      console.log(`Seed: tenant ${CONTOSO_DOMAIN} already exists; nothing to do (npm run db:reset starts afresh).`);
    }
    return;
  }
  const started = Date.now();
  const summary = await seedContoso(prisma, { demo: env.DEMO_MODE, demoPassword: env.DEMO_PASSWORD, demoApiToken: env.DEMO_API_TOKEN });
  console.log(
    `Seed: Contoso with ${summary.users} users, ${summary.launches} launches and ${summary.autoClaims} auto-claims ` +
      `over 90 days${env.DEMO_MODE ? ", demo accounts and the demo API token" : ""} (${Date.now() - started} ms).`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed(process.env.DATABASE_URL, { bulk: bulkCountFrom(process.argv.slice(2), process.env) }).catch((error) => {
    console.error(error instanceof DataDirLockedError ? `\n${error.message}\n` : error);
    process.exit(1);
  });
}
