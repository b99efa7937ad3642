/**
 * Points the app's database singleton (src/server/db.ts) at a test database, so that route handlers
 * and server code can be called directly in a test.
 */
import type { TestDb } from "./db";

export function useAppDb(db: TestDb): void {
  (globalThis as { __dbHandle?: unknown }).__dbHandle = { prisma: db.prisma, pglite: null, close: db.close };
}
