export async function checkStartup(): Promise<void> {
  try {
    const [{ env }, { resolveAuthSecret }] = await Promise.all([import("@/env"), import("@/server/auth/secret")]);
    resolveAuthSecret(env);
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
