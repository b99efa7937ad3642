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
