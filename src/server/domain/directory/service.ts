import type { PrismaClient } from "@/generated/prisma/client";
import { findUserRef } from "../users/lookup";

/** The tenant's apps and flows with their environment: what a launch runtime or the /launch page shows. */
export async function listApps(db: PrismaClient, tenantId: string) {
  const apps = await db.app.findMany({
    where: { tenantId },
    orderBy: [{ autoClaimApp: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      description: true,
      kind: true,
      autoClaimApp: true,
      premium: true,
      environment: { select: { id: true, name: true, managed: true, region: true } },
    },
  });
  return apps;
}

export type AppListItem = Awaited<ReturnType<typeof listApps>>[number];

/** Users of the tenant, optionally only the one a UPN names (literally, case-insensitively). */
export async function findUsers(db: PrismaClient, tenantId: string, { upn }: { upn?: string } = {}) {
  const named = upn ? await findUserRef(db, tenantId, upn) : null;
  if (upn && !named) return [];
  return db.user.findMany({
    where: { tenantId, ...(named ? { id: named.id } : {}) },
    orderBy: { displayName: "asc" },
    select: { id: true, userPrincipalName: true, displayName: true },
    take: 1000,
  });
}
