/**
 * The secret that signs and encrypts session cookies.
 *
 * AUTH_SECRET when set. Without it, in demo mode or under NODE_ENV=test, a random secret made once
 * and kept in `.data/auth-secret` (mode 0600), so that several app processes and restarts share it
 * and sessions survive a restart. Anywhere else a missing secret is a configuration error, raised
 * at server start (src/instrumentation.ts) with a message that says what to do.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface SecretSource {
  AUTH_SECRET?: string;
  DEMO_MODE: boolean;
  NODE_ENV: string;
}

export const SECRET_FILE = path.join(".data", "auth-secret");

export class MissingAuthSecretError extends Error {
  constructor() {
    super(
      "AUTH_SECRET is not set. Set it to a long random string (e.g. `openssl rand -base64 32`) in the environment " +
        "of every app process; all processes that share a database must use the same value. " +
        "(Demo mode and tests make one for you in .data/auth-secret.)",
    );
    this.name = "MissingAuthSecretError";
  }
}

/** Reads the shared secret file, creating it atomically (write a temp file, then hard-link) if absent. */
export function readOrCreateSecretFile(file: string = path.resolve(SECRET_FILE)): string {
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  try {
    fs.linkSync(tmp, file); // fails with EEXIST if another process won the race: then use theirs
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`Could not read the session secret from ${file}`);
  return secret;
}

function readSecret(file: string): string | null {
  try {
    const value = fs.readFileSync(file, "utf8").trim();
    return value.length >= 32 ? value : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export function resolveAuthSecret(source: SecretSource, file?: string): string {
  if (source.AUTH_SECRET) return source.AUTH_SECRET;
  if (source.DEMO_MODE || source.NODE_ENV === "test") return readOrCreateSecretFile(file);
  throw new MissingAuthSecretError();
}
