/**
 * `npm run db:seed`: makes the demo tenant Contoso unless it is already there. Demo accounts and
 * the demo API token only in demo mode (DEMO_MODE=true, as `npm run demo` sets it).
 */
import { parseEnv } from "@/env";
import { createDb } from "@/server/db/client";
import { CONTOSO_DOMAIN, seedContoso } from "./seed/contoso";

export async function seed(url = process.env.DATABASE_URL): Promise<void> {
  const env = parseEnv(process.env);
  const { prisma, close } = createDb(url);
  try {
    const existing = await prisma.tenant.findUnique({ where: { domain: CONTOSO_DOMAIN } });
    if (existing) {
      console.log(`Seed: tenant ${CONTOSO_DOMAIN} already exists; nothing to do (npm run db:reset starts afresh).`);
      return;
    }
    const started = Date.now();
    const summary = await seedContoso(prisma, { demo: env.DEMO_MODE, demoPassword: env.DEMO_PASSWORD, demoApiToken: env.DEMO_API_TOKEN });
    console.log(
      `Seed: Contoso with ${summary.users} users, ${summary.launches} launches and ${summary.autoClaims} auto-claims ` +
        `over 90 days${env.DEMO_MODE ? ", demo accounts and the demo API token" : ""} (${Date.now() - started} ms).`,
    );
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
