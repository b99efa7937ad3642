export async function checkStartup(): Promise<void> {
  try {
    const [{ env }, { resolveAuthSecret }] = await Promise.all([import("@/env"), import("@/server/auth/secret")]);
    resolveAuthSecret(env);
    // An embedded database's directory is held from now on, so that a second server on it stops at once (src/server/db/lock.ts).
    if (process.env.NEXT_PHASE !== "phase-production-build") await holdEmbeddedDatabase(env.DATABASE_URL);
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

async function holdEmbeddedDatabase(url: string): Promise<void> {
  const [{ parseDatabaseUrl }, { holdDataDir }] = await Promise.all([import("@/server/db/adapter"), import("@/server/db/lock")]);
  const target = parseDatabaseUrl(url);
  if (target.kind === "pglite" && target.dataDir) holdDataDir(target.dataDir);
}
