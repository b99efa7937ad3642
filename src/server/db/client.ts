/**
 * Creates a Prisma client on the adapter DATABASE_URL selects (see adapter.ts). The app uses one
 * per process (src/server/db.ts); the seed, the tests and the benchmarks make their own.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { openPGlite, parseDatabaseUrl, pgAdapterFactory, pgliteAdapterFactory } from "./adapter";

export type Db = PrismaClient;
/** A transaction, or the client itself: domain functions that write take one. */
export type Tx = Prisma.TransactionClient;

export interface DbHandle {
  prisma: PrismaClient;
  /** The embedded database, when DATABASE_URL selects PGlite. */
  pglite: PGlite | null;
  close(): Promise<void>;
}

type ClientOptions = {
  log?: Prisma.PrismaClientOptions["log"];
  /** The app's own client: bounded waits on PostgreSQL (adapter.ts poolTimeouts, ADR 26). */
  bounded?: boolean;
};

export function createDb(url: string | undefined = process.env.DATABASE_URL, { bounded, ...options }: ClientOptions = {}): DbHandle {
  const target = parseDatabaseUrl(url);
  if (target.kind === "postgres") {
    const prisma = new PrismaClient({ adapter: pgAdapterFactory(target.url, { bounded }), ...options });
    return { prisma, pglite: null, close: () => prisma.$disconnect() };
  }
  const pglite = openPGlite(target.dataDir);
  const prisma = new PrismaClient({ adapter: pgliteAdapterFactory(pglite), ...options });
  return {
    prisma,
    pglite,
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
