/**
 * The validated environment: every variable the app reads, typed, in one place. Fails fast with a
 * readable message naming the variable.
 */
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** postgresql://… (a PostgreSQL server), file:<dir> (embedded PGlite, default) or memory:. */
    DATABASE_URL: z.string().default("file:./.data/pglite"),
    /** Connections per app process on a PostgreSQL server (max_connections is shared by all processes). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    /** How long a request waits for a database connection (or a free one in the pool) before answering 503 (ADR 26). */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
    /** How long one statement may run before the server cancels it (the client gives up 5 s later). */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /** How long a stopping process lets its requests in flight finish after SIGTERM (ADR 27). */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** pino's level for the JSON log lines on standard output. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Demo mode: the sign-in page lists the demo accounts; the seed makes them and a demo API token. */
    DEMO_MODE: bool,
    DEMO_PASSWORD: z.string().min(8).default("contoso-demo"),
    DEMO_API_TOKEN: z.string().min(8).default("demo-token"),
    /** Secret that signs session cookies. Required outside demo and test. */
    AUTH_SECRET: z.string().min(16).optional(),
    /** OpenID Connect (Microsoft Entra ID or any issuer); all three or none. */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_DISPLAY_NAME: z.string().default("Microsoft Entra ID"),
    /** Microsoft Entra tenant id: when set, an OIDC identity must carry it in `tid`. */
    OIDC_TENANT_ID: z.string().trim().min(1).optional(),
    /** The app's public URL (https://portal.contoso.com): links (OData nextLink, e-mails, webhooks) are built from it. */
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Trust X-Forwarded-Proto/-Host/-For from a reverse proxy in front of the app. Off unless set. */
    TRUST_PROXY: bool,
    /** SMTP server for e-mail notifications: smtp://user:pass@host:587 or smtps://…:465. No e-mail unless set. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** The sender of e-mail notifications. */
    SMTP_FROM: z.string().trim().min(3).default("Auto-claim portal <no-reply@localhost>"),
    /** Webhooks may be sent over plain HTTP to 127.0.0.1 / localhost (tests, development). Refused in production. */
    WEBHOOK_ALLOW_LOOPBACK_HTTP: bool,
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together" });
    }
    if (env.SMTP_URL && !env.APP_URL) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "set APP_URL with SMTP_URL: e-mails link to the portal" });
    }
    if (env.WEBHOOK_ALLOW_LOOPBACK_HTTP && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_ALLOW_LOOPBACK_HTTP"], message: "plain-HTTP webhooks are for tests and development, never production" });
    }
  });

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);

export const oidcConfigured = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
