import type { PrismaClient } from "@/generated/prisma/client";
import { NotFoundError, ValidationError } from "../errors";

/**
 * A person refused at launch asks for a licence. One pending request per person and app: asking
 * again returns the pending one. Admins decide on the Requests tab.
 */
export async function requestLicense(
  db: PrismaClient,
  input: { tenantId: string; launchId: string; message?: string | null },
): Promise<{ id: string; created: boolean }> {
  return db.$transaction(async (tx) => {
    const launch = await tx.launch.findFirst({ where: { id: input.launchId, tenantId: input.tenantId } });
    if (!launch) throw new NotFoundError("That launch does not exist.", { field: "launchId" });
    if (launch.decision !== "DENY") throw new ValidationError("This launch was allowed: there is no license to request.", { field: "launchId" });
    const pending = await tx.licenseRequest.findFirst({
      where: { tenantId: input.tenantId, userId: launch.userId, appId: launch.appId, status: "PENDING" },
      select: { id: true },
    });
    if (pending) return { id: pending.id, created: false };
    const created = await tx.licenseRequest.create({
      data: { tenantId: input.tenantId, userId: launch.userId, appId: launch.appId, launchId: launch.id, message: input.message?.trim() || null },
      select: { id: true },
    });
    return { id: created.id, created: true };
  });
}

/** A person's requests, newest first, with the admin's answer when there is one (shown on /launch). */
export async function listRequestsOf(db: PrismaClient, tenantId: string, userId: string) {
  return db.licenseRequest.findMany({
    where: { tenantId, userId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      status: true,
      message: true,
      decisionMessage: true,
      createdAt: true,
      decidedAt: true,
      launchId: true,
      app: { select: { name: true } },
      product: { select: { displayName: true } },
    },
  });
}
