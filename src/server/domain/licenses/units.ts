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

/** The pool alert thresholds a product starts with (SPEC §8.2), in percent of purchased units consumed. */
export const DEFAULT_THRESHOLDS = { warningPercent: 80, criticalPercent: 95, emptyPercent: 100 } as const;

export type AlertLevel = "WARNING" | "CRITICAL" | "EMPTY";
/** The levels, least severe first. */
export const ALERT_LEVELS: readonly AlertLevel[] = ["WARNING", "CRITICAL", "EMPTY"];

/** The most severe of `levels` (a product's open alerts), or null when there is none. */
export function highestAlertLevel(levels: Iterable<AlertLevel>): AlertLevel | null {
  const open = new Set(levels);
  return [...ALERT_LEVELS].reverse().find((l) => open.has(l)) ?? null;
}

export interface Thresholds {
  warningPercent: number;
  criticalPercent: number;
  emptyPercent: number;
}

/**
 * The levels a pool is at or over: what the database's pool-alerts trigger keeps open (the same
 * rule, in SQL, is the one that counts; this is for explaining it and for tests). A pool never
 * bought reaches none.
 */
export function alertLevelsReached(purchased: number, consumed: number, t: Thresholds): AlertLevel[] {
  if (purchased <= 0) return [];
  const reached = (threshold: number) => consumed * 100 >= threshold * purchased;
  return ALERT_LEVELS.filter((level) => reached(level === "WARNING" ? t.warningPercent : level === "CRITICAL" ? t.criticalPercent : t.emptyPercent));
}

/** The window the net claim rate is measured over, and the days of claims a recommendation covers. */
export const RUNWAY_WINDOW_DAYS = 28;
export const RECOMMENDATION_DAYS = 30;

/** Net claims per day: the change in consumed units over the days between two readings (0 when none have passed). */
export function netClaimRate(consumedThen: number, consumedNow: number, days: number): number {
  return days > 0 ? (consumedNow - consumedThen) / days : 0;
}

/** Whole days until the pool is empty at `rate` net claims a day; null ("not shrinking") when the rate is ≤ 0. */
export function runwayDays(available: number, rate: number): number | null {
  if (rate <= 0) return null;
  return Math.floor(available / rate);
}

/**
 * Units to buy to serve the waiting list plus RECOMMENDATION_DAYS of net claims, beyond the units
 * still available; never negative.
 */
export function unitsToBuy(available: number, rate: number, waiting = 0): number {
  const needed = waiting + Math.ceil(Math.max(0, rate) * RECOMMENDATION_DAYS - 1e-9);
  return Math.max(0, needed - available);
}
