import { OctagonX, TriangleAlert } from "lucide-react";
import type { ComponentProps } from "react";
import type { OpenAlert } from "@/server/domain/licenses/alerts";
import type { AlertLevel } from "@/server/domain/licenses/units";
import Link from "next/link";

const TONE: Record<AlertLevel, string> = {
  WARNING: "border-[#fdcfb4] bg-warning-subtle text-warning",
  CRITICAL: "border-[#eeacb2] bg-danger-subtle text-danger",
  EMPTY: "border-[#eeacb2] bg-danger-subtle text-danger",
};

/** A pool alert's level as a pill: amber for a warning, red from critical on. */
export function AlertPill({ level, className = "", ...rest }: { level: AlertLevel } & ComponentProps<"span">) {
  return <span {...rest} className={`${className} whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${TONE[level]}`.trim()} />;
}

/** What a product row says of its pool: the highest level of its open alert. */
export const POOL_BADGE_LABELS: Record<AlertLevel, string> = {
  WARNING: "Pool low",
  CRITICAL: "Pool critical",
  EMPTY: "No licenses left",
};

/** A product row's badge for the highest open alert of its pool (the one the Alerts list shows too); nothing without one. */
export function PoolAlertBadge({ level }: { level: AlertLevel | null }) {
  if (!level) return null;
  return (
    <AlertPill level={level} data-testid="alert" data-alert={level} className="inline-flex items-center gap-1">
      {level === "WARNING" ? <TriangleAlert aria-hidden="true" className="size-3.5" /> : <OctagonX aria-hidden="true" className="size-3.5" />}
      {POOL_BADGE_LABELS[level]}
    </AlertPill>
  );
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The tenant's open alerts, as listed on Home and Products: level, product (linked to its page) and since when. */
export function OpenAlertList({ alerts, labels }: { alerts: OpenAlert[]; labels: Record<AlertLevel, string> }) {
  if (alerts.length === 0) return <p className="mt-2 text-ink-3">No alerts: every license pool is under its thresholds.</p>;
  return (
    <ul className="mt-2 space-y-2">
      {alerts.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="open-alert" data-level={a.level}>
          <AlertPill level={a.level}>{labels[a.level]}</AlertPill>
          <Link href={`/billing/licenses/products/${a.product.id}`} className="font-semibold text-brand hover:underline">
            {a.product.displayName}
          </Link>
          <span className="text-ink-3">since {utc(a.raisedAt)}</span>
        </li>
      ))}
    </ul>
  );
}
