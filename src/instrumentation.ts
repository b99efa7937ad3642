/**
 * Runs once when a server process starts. An invalid environment or a missing AUTH_SECRET stops
 * the process (src/instrumentation-node.ts), with a readable message, instead of failing every
 * request later. The Node-only part is imported only in the Node.js runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartup } = await import("./instrumentation-node");
    await checkStartup();
  }
}

/**
 * A page, action or route that failed because the database is away tells the process so
 * (src/server/db/availability.ts): the next pages get the 503 "temporarily unavailable" page from
 * src/proxy.ts until the database answers again (ADR 26).
 */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ databaseUnavailable }, { noteDatabaseUnavailable }] = await Promise.all([import("@/server/db/errors"), import("@/server/db/availability")]);
  if (databaseUnavailable(error)) noteDatabaseUnavailable();
}
