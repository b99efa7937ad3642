/**
 * Sign-in throttling (SPEC §11), kept in the database so that every process shares it: the
 * counters live in the RateLimiterFlexible table, through rate-limiter-flexible's Prisma store.
 *
 * - Per account (the user name as typed, trimmed and lower-cased — whether or not such a user
 *   exists, so that the answer tells nothing about which names are real): 5 failed sign-ins within
 *   15 minutes, then 15 minutes' wait.
 * - Per client address (see src/server/http/client-address.ts): 50 failures within 15 minutes, then
 *   15 minutes' wait — looser, so that one person cannot lock out an office behind one address.
 *
 * An attempt is counted *before* its password is checked (an atomic increment in the database), and
 * one over the limit is refused without checking it: parallel guesses cannot slip in between a check
 * and a count. A successful sign-in (or a right password on a disabled account) clears the
 * account's counter and gives the address its point back.
 */
import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "@/generated/prisma/client";

export interface Limit {
  /** Failures allowed within the window; the next attempt is refused. */
  failures: number;
  windowSeconds: number;
  /** How long a refused account or address waits, from the first refused attempt. */
  waitSeconds: number;
}

export const SIGN_IN_LIMITS = {
  account: { failures: 5, windowSeconds: 15 * 60, waitSeconds: 15 * 60 },
  address: { failures: 50, windowSeconds: 15 * 60, waitSeconds: 15 * 60 },
} as const satisfies Record<ThrottleScope, Limit>;

export type ThrottleScope = "account" | "address";

/** An attempt refused before its password was checked. */
export interface ThrottleRefusal {
  scope: ThrottleScope;
  /** Milliseconds until that account or address may try again. */
  retryAfterMs: number;
}

export type ThrottledResult<T> = { refused: ThrottleRefusal } | { refused: null; result: T };

export interface SignInThrottle {
  /**
   * Counts one attempt of `account` from `address`, then runs `check` (the password check) unless
   * the attempt is over a limit. `failed(result)` says whether the attempt counts as a failure;
   * anything else clears the account's counter and refunds the address.
   */
  attempt<T>(who: { account: string; address: string }, check: () => Promise<T>, failed: (result: T) => boolean): Promise<ThrottledResult<T>>;
  /** Failures counted so far in the current window (for tests and diagnostics). */
  failures(scope: ThrottleScope, key: string): Promise<number>;
}

/** The counter key of an account: the normalised name, hashed (bounded length, no names at rest). */
export function accountKey(name: string): string {
  return createHash("sha256").update(name.trim().toLowerCase()).digest("base64url");
}

// The Prisma store reads the client's model delegate by this name (`prisma.rateLimiterFlexible`),
// not by the model's name: "RateLimiterFlexible" would find nothing.
const DELEGATE = "rateLimiterFlexible";

function limiter(db: PrismaClient, scope: ThrottleScope, limit: Limit, clearExpired: boolean) {
  return new RateLimiterPrisma({
    storeClient: db,
    tableName: DELEGATE,
    keyPrefix: `sign-in:${scope}`,
    points: limit.failures,
    duration: limit.windowSeconds,
    blockDuration: limit.waitSeconds,
    // Deletes rows expired over an hour ago every 5 minutes, on an unref'd timer (it never keeps a
    // process alive).
    clearExpiredByTimeout: clearExpired,
  });
}

/** A refusal from the store (over the limit), as opposed to a database error, which is rethrown. */
function overLimit(error: unknown): RateLimiterRes | null {
  return error instanceof RateLimiterRes ? error : null;
}

export function createSignInThrottle(
  db: PrismaClient,
  { limits = SIGN_IN_LIMITS, clearExpired = true }: { limits?: Record<ThrottleScope, Limit>; clearExpired?: boolean } = {},
): SignInThrottle {
  const limiters = { account: limiter(db, "account", limits.account, clearExpired), address: limiter(db, "address", limits.address, clearExpired) };

  async function take(scope: ThrottleScope, key: string): Promise<ThrottleRefusal | null> {
    try {
      await limiters[scope].consume(key);
      return null;
    } catch (error) {
      const res = overLimit(error);
      if (!res) throw error;
      return { scope, retryAfterMs: Math.max(res.msBeforeNext, 0) };
    }
  }

  return {
    async attempt<T>(
      { account, address }: { account: string; address: string },
      check: () => Promise<T>,
      failed: (result: T) => boolean,
    ): Promise<ThrottledResult<T>> {
      const accountId = accountKey(account);
      // A blocked address spends nothing of the account's allowance.
      const byAddress = await take("address", address);
      if (byAddress) return { refused: byAddress };
      const byAccount = await take("account", accountId);
      if (byAccount) return { refused: byAccount };

      let result: T;
      try {
        result = await check();
      } catch (error) {
        // The check itself could not run (e.g. the database): that is no failure of the person's.
        await Promise.allSettled([limiters.account.reward(accountId), limiters.address.reward(address)]);
        throw error;
      }
      if (!failed(result)) await Promise.all([limiters.account.delete(accountId), limiters.address.reward(address)]);
      return { refused: null, result };
    },

    async failures(scope, key) {
      const res = await limiters[scope].get(scope === "account" ? accountKey(key) : key);
      return res?.consumedPoints ?? 0;
    },
  };
}

const throttles = new WeakMap<PrismaClient, SignInThrottle>();

/** The throttle of this process's database client (one pair of limiters, one cleanup timer each). */
export function signInThrottle(db: PrismaClient): SignInThrottle {
  let throttle = throttles.get(db);
  if (!throttle) throttles.set(db, (throttle = createSignInThrottle(db)));
  return throttle;
}
