import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import type { AuditAction } from "./actions";

export type { AuditAction } from "./actions";

/** Who made a change: a signed-in admin, an API token, or the system itself (auto-created policy…). */
export interface Actor {
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: "System" };

export interface AuditInput {
  tenantId: string;
  actor: Actor;
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  summary: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
}

/** The row of an audit entry. */
function auditRow(entry: AuditInput) {
  return {
    tenantId: entry.tenantId,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    summary: entry.summary,
    before: entry.before ?? undefined,
    after: entry.after ?? undefined,
  };
}

/** Writes an audit entry. Call it with the transaction that makes the change. */
export async function recordAudit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({ data: auditRow(entry) });
}

/** Writes several audit entries in one statement (a bulk change: one entry per person). Same transaction as the change. */
export async function recordAuditMany(tx: Tx, entries: AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditEntry.createMany({ data: entries.map(auditRow) });
}
