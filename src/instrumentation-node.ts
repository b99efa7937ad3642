export async function checkStartup(): Promise<void> {
  try {
    const [{ env }, { resolveAuthSecret }] = await Promise.all([import("@/env"), import("@/server/auth/secret")]);
    resolveAuthSecret(env);
    // An embedded database's directory is held from now on, so that a second server on it stops at once (src/server/db/lock.ts).
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      await holdEmbeddedDatabase(env.DATABASE_URL);
      await startBackgroundJobs(env);
    }
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

/**
 * The e-mail outbox's sender (src/server/jobs/outbox-worker.ts): no-op rows are skipped when SMTP_URL
 * is unset; the reclaim runs (src/server/jobs/reclaim-worker.ts): the day's, and those requested; and
 * the webhook outbox's sender (src/server/jobs/webhook-worker.ts).
 */
async function startBackgroundJobs(env: typeof import("@/env").env): Promise<void> {
  const [{ sharedDb }, { startOutboxWorker }, { startReclaimWorker }, { smtpMailer }] = await Promise.all([
    import("@/server/db/shared"),
    import("@/server/jobs/outbox-worker"),
    import("@/server/jobs/reclaim-worker"),
    import("@/server/mail/transport"),
  ]);
  const { startWebhookWorker } = await import("@/server/jobs/webhook-worker");
  startOutboxWorker(sharedDb(), { mailer: env.SMTP_URL ? smtpMailer(env.SMTP_URL) : null, appUrl: env.APP_URL, from: env.SMTP_FROM });
  startReclaimWorker(sharedDb());
  startWebhookWorker(sharedDb(), { appUrl: env.APP_URL });
}
