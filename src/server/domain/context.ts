import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "./audit/service";

/**
 * Who changes what, and where: built once by the wrappers (`action()` in src/server/action.ts,
 * `apiRoute` and the Graph route wrapper in src/server/http/) and passed first to every domain
 * function that changes something, followed by an options object —
 * `updatePolicy(ctx, { policyId, name })`. Reads take `(db, tenantId, …)` (ADR 11).
 */
export interface DomainContext {
  db: PrismaClient;
  /** Who the audit log names for the change. */
  actor: Actor;
  /** The tenant every read and write is scoped to. */
  tenantId: string;
}

/** The part of the context a step inside a caller's transaction needs (`…Tx(tx, ctx, options)`). */
export type TxContext = Pick<DomainContext, "actor" | "tenantId">;
