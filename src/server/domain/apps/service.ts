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
