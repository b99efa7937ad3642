import type { PrismaClient } from "@/generated/prisma/client";

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

/** Users of the tenant, optionally the one with a given UPN (case-insensitive). */
export async function findUsers(db: PrismaClient, tenantId: string, { upn }: { upn?: string } = {}) {
  return db.user.findMany({
    where: { tenantId, ...(upn ? { userPrincipalName: { equals: upn, mode: "insensitive" as const } } : {}) },
    orderBy: { displayName: "asc" },
    select: { id: true, userPrincipalName: true, displayName: true },
    take: 1000,
  });
}
