import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { sharedDb } from "./db/shared";

/** The app process's Prisma client (src/server/db/shared.ts), for pages, actions and route handlers. */
export function db(): PrismaClient {
  return sharedDb();
}
