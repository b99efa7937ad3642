/**
 * The one Prisma client of this app process, made on first use (never at build time) and kept on
 * globalThis so that dev-mode reloads, the route bundles and the background jobs started at boot
 * (src/instrumentation-node.ts) all reuse it: an embedded PGlite directory may be opened by one
 * client only. Pages and actions use it through src/server/db.ts.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb, type DbHandle } from "./client";

const globalForDb = globalThis as typeof globalThis & { __dbHandle?: DbHandle };

/** The shared handle, if one was made: shutdown closes its pool (src/server/shutdown.ts). */
export function sharedDbHandle(): DbHandle | undefined {
  return globalForDb.__dbHandle;
}

export function sharedDb(): PrismaClient {
  // The app's client waits on PostgreSQL only within bounds (adapter.ts poolTimeouts, ADR 26).
  globalForDb.__dbHandle ??= createDb(undefined, { bounded: true });
  return globalForDb.__dbHandle.prisma;
}
