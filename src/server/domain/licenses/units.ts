/**
 * Licence-unit arithmetic: the one home of "available" and of the pool alerts. Pure; the counts
 * themselves are kept by the database (consumed = distinct holders, see the licence-integrity
 * migration).
 */

/** Available units: purchased − consumed, never negative. */
export function availableUnits(purchased: number, consumed: number): number {
  return Math.max(0, purchased - consumed);
}

/** Share of the pool in use, 0–100, for the bar on Home. */
export function percentConsumed(purchased: number, consumed: number): number {
  if (purchased <= 0) return consumed > 0 ? 100 : 0;
  return Math.min(100, Math.round((consumed / purchased) * 100));
}

export type PoolAlert = "EMPTY" | "LOW" | null;

/** A pool is low when at most 10% of its units (and at least one unit) remain. */
export const LOW_POOL_SHARE = 0.1;

export function poolAlert(purchased: number, consumed: number): PoolAlert {
  const available = availableUnits(purchased, consumed);
  if (purchased > 0 && available === 0) return "EMPTY";
  if (purchased > 0 && available <= Math.max(1, Math.floor(purchased * LOW_POOL_SHARE))) return "LOW";
  return null;
}
