import { createHash } from "node:crypto";

/** API tokens are random 256-bit secrets, so one SHA-256 is the right hash (no salt or stretching needed). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The first characters of a token, kept in clear so that lists can tell tokens apart. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 8);
}

export const TOKEN_SCOPES = ["launches", "directory.read", "directory.write", "policies.write", "scim"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
