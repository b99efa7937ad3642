/**
 * Who a reclaim run would release (SPEC §8.3): a pure function of the policy's rule, its auto-claimed
 * holdings with their last use, and the clock, so that the dry run, the notices and the releases all
 * ask the same question and tests control every date.
 *
 * - **Used** = a recorded launch of an app the product covers (`App.autoClaimApp` = the product's
 *   `standaloneFor`), or the holder's *Keep it* — whichever is later; a licence never used counts
 *   from its claim. Idle for `inactivityDays` or more → a candidate.
 * - **Exempt**: claims younger than `graceDays`; people on the allowlist, by user or through a group.
 * - **Cap**: a run takes at most `capPercent` % of each product's purchased units (at least one, when
 *   the cap is above 0), the longest idle first; the others wait for the next run.
 * - **Release date** = the notice date + `noticeDays`.
 */

export const DAY_MS = 86_400_000;

export interface ReclaimRuleSettings {
  inactivityDays: number;
  graceDays: number;
  noticeDays: number;
  /** Percent of the product's purchased units a run may release. */
  capPercent: number;
  allowUserIds: ReadonlySet<string>;
  allowGroupIds: ReadonlySet<string>;
}

export const RECLAIM_DEFAULTS = { inactivityDays: 30, graceDays: 14, noticeDays: 7, capPercent: 10 } as const;
export const RECLAIM_LIMITS = {
  inactivityDays: [7, 365],
  graceDays: [0, 365],
  noticeDays: [1, 60],
  capPercent: [1, 100],
} as const satisfies Record<keyof typeof RECLAIM_DEFAULTS, readonly [number, number]>;

export interface Holding {
  assignmentId: string;
  userId: string;
  productId: string;
  assignedAt: Date;
  /** The groups the holder is a member of. */
  groupIds: readonly string[];
  /** The holder's last launch of an app the product covers, if any. */
  lastLaunchAt: Date | null;
  /** When the holder last chose Keep it, if ever. */
  keptAt: Date | null;
}

export type SkipReason = "GRACE" | "IN_USE" | "ALLOWLISTED_USER" | "ALLOWLISTED_GROUP" | "OVER_CAP";

export interface Candidate {
  assignmentId: string;
  userId: string;
  productId: string;
  lastUsedAt: Date;
  idleDays: number;
}

export interface Selection {
  /** Longest idle first. */
  candidates: Candidate[];
  skipped: { assignmentId: string; reason: SkipReason }[];
}

/** The moment a holding was last used: its last covered launch or Keep it, else its claim. */
export function lastUsedAt(h: Pick<Holding, "assignedAt" | "lastLaunchAt" | "keptAt">): Date {
  return new Date(Math.max(h.assignedAt.getTime(), h.lastLaunchAt?.getTime() ?? 0, h.keptAt?.getTime() ?? 0));
}

/** Units of a product one run may release. */
export function runCap(purchasedUnits: number, capPercent: number): number {
  if (purchasedUnits <= 0 || capPercent <= 0) return 0;
  return Math.max(1, Math.floor((purchasedUnits * capPercent) / 100));
}

export function selectCandidates(holdings: readonly Holding[], rule: ReclaimRuleSettings, purchasedUnits: ReadonlyMap<string, number>, now: Date): Selection {
  const skipped: Selection["skipped"] = [];
  const idle: Candidate[] = [];
  for (const h of holdings) {
    if (rule.allowUserIds.has(h.userId)) {
      skipped.push({ assignmentId: h.assignmentId, reason: "ALLOWLISTED_USER" });
      continue;
    }
    if (h.groupIds.some((g) => rule.allowGroupIds.has(g))) {
      skipped.push({ assignmentId: h.assignmentId, reason: "ALLOWLISTED_GROUP" });
      continue;
    }
    if (now.getTime() - h.assignedAt.getTime() < rule.graceDays * DAY_MS) {
      skipped.push({ assignmentId: h.assignmentId, reason: "GRACE" });
      continue;
    }
    const used = lastUsedAt(h);
    const idleMs = now.getTime() - used.getTime();
    if (idleMs < rule.inactivityDays * DAY_MS) {
      skipped.push({ assignmentId: h.assignmentId, reason: "IN_USE" });
      continue;
    }
    idle.push({ assignmentId: h.assignmentId, userId: h.userId, productId: h.productId, lastUsedAt: used, idleDays: Math.floor(idleMs / DAY_MS) });
  }
  idle.sort((a, b) => a.lastUsedAt.getTime() - b.lastUsedAt.getTime() || a.assignmentId.localeCompare(b.assignmentId));
  const taken = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (const c of idle) {
    const n = taken.get(c.productId) ?? 0;
    if (n >= runCap(purchasedUnits.get(c.productId) ?? 0, rule.capPercent)) {
      skipped.push({ assignmentId: c.assignmentId, reason: "OVER_CAP" });
      continue;
    }
    taken.set(c.productId, n + 1);
    candidates.push(c);
  }
  return { candidates, skipped };
}

/** When a notice given at `noticedAt` releases the licence. */
export function releaseDate(noticedAt: Date, noticeDays: number): Date {
  return new Date(noticedAt.getTime() + noticeDays * DAY_MS);
}
