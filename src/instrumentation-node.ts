export async function checkStartup(): Promise<void> {
  try {
    const [{ env }, { resolveAuthSecret }] = await Promise.all([import("@/env"), import("@/server/auth/secret")]);
    resolveAuthSecret(env);
    // An embedded database's directory is held from now on, so that a second server on it stops at once (src/server/db/lock.ts).
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      await holdEmbeddedDatabase(env.DATABASE_URL);
      const { log } = await import("@/server/log");
      const { installRequestLog } = await import("@/server/http/request-log");
      installRequestLog(log);
      const stopWorkers = await startBackgroundJobs(env, log);
      await handleSignals(env, log, stopWorkers);
      log.info({ database: (await import("@/server/db/adapter")).parseDatabaseUrl(env.DATABASE_URL).kind }, "process started");
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
type Env = typeof import("@/env").env;
type Logger = typeof import("@/server/log").log;

async function startBackgroundJobs(env: Env, log: Logger): Promise<() => Promise<void>> {
  const [{ sharedDb }, { startOutboxWorker }, { startReclaimWorker }, { smtpMailer }, { setAvailabilityProbe }, { databaseUnavailable }] = await Promise.all([
    import("@/server/db/shared"),
    import("@/server/jobs/outbox-worker"),
    import("@/server/jobs/reclaim-worker"),
    import("@/server/mail/transport"),
    import("@/server/db/availability"),
    import("@/server/db/errors"),
  ]);
  const { startWebhookWorker } = await import("@/server/jobs/webhook-worker");
  // While the database is known to be away, a second's probe tells when it is back (db/availability.ts).
  setAvailabilityProbe(() => sharedDb().$queryRaw`SELECT 1`);
  // One log line per pass that did something, and per failure (ADR 27); the database away is a warning.
  const job = (name: string) => ({
    onPass: (result: object, ms: number) => log.info({ job: name, ms: Math.round(ms), ...result }, "job"),
    onError: (error: unknown) =>
      databaseUnavailable(error) ? log.warn({ job: name, err: error }, "job: database unavailable") : log.error({ job: name, err: error }, "job failed"),
  });
  const workers = [
    startOutboxWorker(sharedDb(), { mailer: env.SMTP_URL ? smtpMailer(env.SMTP_URL) : null, appUrl: env.APP_URL, from: env.SMTP_FROM, ...job("email-outbox") }),
    startReclaimWorker(sharedDb(), job("reclaim-runs")),
    startWebhookWorker(sharedDb(), { appUrl: env.APP_URL, ...job("webhook-outbox") }),
  ];
  return async () => {
    await Promise.all(workers.map((w) => w.stop()));
  };
}

/**
 * SIGTERM and SIGINT stop the process gracefully (src/server/shutdown.ts), in place of `next
 * start`'s handler, which exits 143 as soon as the HTTP server closes.
 */
async function handleSignals(env: Env, log: Logger, stopWorkers: () => Promise<void>): Promise<void> {
  const [{ shutDown }, { sharedDbHandle }, { setAvailabilityProbe }] = await Promise.all([
    import("@/server/shutdown"),
    import("@/server/db/shared"),
    import("@/server/db/availability"),
  ]);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      void shutDown(signal, {
        log,
        timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
        stopWorkers,
        closeDb: async () => {
          setAvailabilityProbe(null);
          await sharedDbHandle()?.close();
        },
      }).then((code) => process.exit(code));
    });
  }
}
