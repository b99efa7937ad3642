/**
 * The per-process cache of authenticated API tokens (ADR 32): it spares the API's hot path its
 * token SELECT. Keyed by the token's SHA-256 hash (never the token), bounded in size (LRU, 10,000
 * tokens) and in time (60 s, a safety net), holding what authenticateToken returns and the scopes
 * it checks. Only tokens found valid are kept.
 *
 * Revocation reaches every process through PostgreSQL: a trigger (migration
 * 20261203170000_api_token_notify) sends NOTIFY "api_token_revoked" with the token's hash when a
 * token is revoked, deleted, or changes tenant, name, scopes or hash; each process's listener
 * (src/server/db/notify.ts) drops that entry. The cache is trusted only while its listener
 * listens: when the connection is lost every entry is dropped and nothing is served from the cache
 * until it listens again, so a revocation during an outage is never missed. A read that began
 * before an invalidation is not kept (the epoch), so a revocation racing a cold read cannot be
 * overwritten by the older row.
 *
 * A cache belongs to one Prisma client (one database). The app's shared client
 * (src/server/db/shared.ts) gets one on first use; any other client (scripts, tests, the bench)
 * has none unless attachTokenCache gives it one — without a cache every call reads the row.
 */
import { LRUCache } from "lru-cache";
import type { PrismaClient } from "@/generated/prisma/client";
import { parseDatabaseUrl } from "@/server/db/adapter";
import { listen, type NotifyListener, type NotifySource } from "@/server/db/notify";
import { sharedDbHandle } from "@/server/db/shared";

export const TOKEN_CHANNEL = "api_token_revoked";

export interface CachedToken {
  tokenId: string;
  tenantId: string;
  name: string;
  scopes: string[];
  /** When this process last knew lastUsedAt written (ms), so that it is written once a minute at most. */
  lastUsedAt: number | null;
}

export interface TokenCacheOptions {
  max?: number;
  ttlMs?: number;
  /** The clock of the TTL (tests); performance.now() otherwise. */
  now?: () => number;
}

export class TokenCache {
  readonly #lru: LRUCache<string, CachedToken>;
  #epoch = 0;
  #trusted = false;

  constructor({ max = 10_000, ttlMs = 60_000, now }: TokenCacheOptions = {}) {
    this.#lru = new LRUCache<string, CachedToken>({ max, ttl: ttlMs, ...(now ? { perf: { now }, ttlResolution: 0 } : {}) });
  }

  /** True while revocations are known to reach this cache (its listener listens). */
  get trusted(): boolean {
    return this.#trusted;
  }

  get size(): number {
    return this.#lru.size;
  }

  /** Taken before a read of the row, given back to set(): changes when anything is invalidated. */
  epoch(): number {
    return this.#epoch;
  }

  get(hash: string): CachedToken | undefined {
    return this.#trusted ? this.#lru.get(hash) : undefined;
  }

  /** Keeps a token read while the epoch was `epoch`, unless something was invalidated since. */
  set(hash: string, entry: CachedToken, epoch: number): void {
    if (this.#trusted && epoch === this.#epoch) this.#lru.set(hash, entry);
  }

  invalidate(hash: string): void {
    this.#epoch++;
    this.#lru.delete(hash);
  }

  clear(): void {
    this.#epoch++;
    this.#lru.clear();
  }

  /** Listening started or stopped: either way what was cached may be stale. */
  setTrusted(trusted: boolean): void {
    this.clear();
    this.#trusted = trusted;
  }
}

export interface TokenCacheBinding {
  cache: TokenCache;
  listener: NotifyListener;
  close(): Promise<void>;
}

const g = globalThis as typeof globalThis & { __tokenCaches?: WeakMap<PrismaClient, TokenCacheBinding> };
const bindings = (g.__tokenCaches ??= new WeakMap());

/**
 * Gives `db` a token cache whose revocations come from `source` — the same database `db` uses (a
 * postgresql:// URL, or its PGlite instance). Idempotent per client.
 */
export function attachTokenCache(db: PrismaClient, source: NotifySource, options: TokenCacheOptions = {}): TokenCacheBinding {
  const existing = bindings.get(db);
  if (existing) return existing;
  const cache = new TokenCache(options);
  const listener = listen(source, TOKEN_CHANNEL, {
    onNotify: (hash) => cache.invalidate(hash),
    onListening: (listening) => cache.setTrusted(listening),
  });
  const binding: TokenCacheBinding = {
    cache,
    listener,
    close: async () => {
      if (bindings.get(db) === binding) bindings.delete(db);
      cache.setTrusted(false);
      await listener.close();
    },
  };
  bindings.set(db, binding);
  return binding;
}

/** The cache `db` authenticates through, or null (every call reads the row). */
export function tokenCacheFor(db: PrismaClient): TokenCache | null {
  const bound = bindings.get(db);
  if (bound) return bound.cache;
  const shared = sharedDbHandle();
  if (!shared || shared.prisma !== db) return null;
  // The app's own client was made from DATABASE_URL (src/server/db/shared.ts): listen on the same database.
  const source: NotifySource | null = shared.pglite
    ? { pglite: shared.pglite }
    : (() => {
        const target = parseDatabaseUrl(process.env.DATABASE_URL);
        return target.kind === "postgres" ? { url: target.url } : null;
      })();
  return source ? attachTokenCache(db, source).cache : null;
}
