import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb, type DbHandle } from "./db/client";

/**
 * The one Prisma client of this app process, made on first use (never at build time) and kept on
 * globalThis so that dev-mode reloads reuse it: an embedded PGlite directory may be opened by one
 * client only.
 */
const globalForDb = globalThis as typeof globalThis & { __dbHandle?: DbHandle };

export function db(): PrismaClient {
  globalForDb.__dbHandle ??= createDb();
  return globalForDb.__dbHandle.prisma;
}
