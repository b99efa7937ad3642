import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { ensureAutoCreatedPolicy, type AutoCreateOutcome } from "../policies/auto-created";
import { isUuid } from "../users/lookup";

export async function listEnvironments(db: PrismaClient, tenantId: string) {
  return db.environment.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    include: { _count: { select: { apps: true } } },
  });
}

/**
 * Makes an environment a Managed Environment, or standard again. Becoming managed may bring the
 * auto-created policy (SPEC §4), in the same transaction. Audited.
 */
export async function setEnvironmentManaged(
  ctx: DomainContext,
  { environmentId, managed }: { environmentId: string; managed: boolean },
): Promise<{ changed: boolean; autoCreated: AutoCreateOutcome | null }> {
  const { db, actor, tenantId } = ctx;
  const notFound = () => new NotFoundError("That environment does not exist in this organization.", { field: "environmentId" });
  if (!isUuid(environmentId)) throw notFound();
  return db.$transaction(async (tx) => {
    // Concurrent changes of one environment queue here; each sees (and audits) what the previous one left.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Environment" WHERE "id" = ${environmentId}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw notFound();
    const env = await tx.environment.findFirst({ where: { id: environmentId, tenantId } });
    if (!env) throw notFound();
    if (env.managed === managed) return { changed: false, autoCreated: null };
    await tx.environment.update({ where: { id: env.id, tenantId }, data: { managed } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "environment.managed",
      targetType: "Environment",
      targetId: env.id,
      summary: `${env.name} is now ${managed ? "a managed" : "a standard"} environment`,
      before: { managed: env.managed },
      after: { managed },
    });
    const autoCreated = managed ? await ensureAutoCreatedPolicy(tx, tenantId) : null;
    return { changed: true, autoCreated };
  });
}
