import type { Metadata } from "next";
import Link from "next/link";
import { OpenAlertList, PoolAlertBadge } from "@/components/licenses/alert-pill";
import { ProductTable, UnitCells } from "@/components/licenses/product-cells";
import { RunwayCard } from "@/components/licenses/runway-card";
import { UsageBar } from "@/components/licenses/usage-bar";
import { PageHeader } from "@/components/shell/page-header";
import { Card, NumberCell, Tile, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { ALERT_LEVEL_LABELS, listOpenAlerts, listRunways, rateLabel, runwayLabel } from "@/server/domain/licenses/alerts";
import { formatMoney, getTenantCosts } from "@/server/domain/licenses/cost";
import { countTenantDuplicates } from "@/server/domain/licenses/product-page";
import { getLicenseOverview } from "@/server/domain/licenses/service";
import { waitlistTotals } from "@/server/domain/launches/waitlist";
import { getTenantSettings } from "@/server/domain/tenants/service";

export const metadata: Metadata = { title: "Home" };

const number = new Intl.NumberFormat("en-US");

export default async function HomePage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const [openAlerts, runways, waitlist, settings] = await Promise.all([
    listOpenAlerts(db(), user.tenantId),
    listRunways(db(), user.tenantId),
    waitlistTotals(db(), user.tenantId),
    getTenantSettings(db(), user.tenantId),
  ]);
  const [overview, duplicates, costs] = await Promise.all([
    getLicenseOverview(db(), user.tenantId),
    countTenantDuplicates(db(), user.tenantId),
    getTenantCosts(db(), user.tenantId, new Date()),
  ]);
  const { products, unmetDemand, windowDays } = overview;
  const claims = products.reduce((sum, p) => sum + p.recentClaims, 0);
  const columns: Column[] = [
    "Product",
    { label: "Purchased", numeric: true },
    { label: "Consumed", numeric: true },
    { label: "Available", numeric: true },
    { label: "Usage", className: "w-48 px-3 py-2" },
    { label: `Claims (${windowDays} days)`, numeric: true },
    "Status",
  ];

  return (
    <>
      <PageHeader title="Home" description={`License pools of ${user.tenantName} and what auto-claim did in the last ${windowDays} days.`} />

      {!settings.autoClaimEnabled && (
        <p role="status" className="mb-4 rounded-md border border-warning/40 bg-warning-subtle px-4 py-3 text-warning" data-testid="auto-claim-off-home">
          <span className="font-semibold">Auto-claim is off:</span> nobody gets a license from an auto-claim policy, and people who open an app that needs one
          are refused.{" "}
          <Link href="/billing/licenses/auto-claim" className="font-semibold underline">
            Turn it on from the Auto-claim policy tab
          </Link>
          .
        </p>
      )}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile id="claims-heading" title={`Auto-claimed (${windowDays} days)`}>
          <p className="mt-2 text-3xl font-semibold" data-testid="total-claims">
            {number.format(claims)}
          </p>
          <p className="mt-1 text-ink-3">Licenses assigned by auto-claim policies when people opened an app.</p>
        </Tile>

        <Tile id="unmet-heading" title={`Unmet demand (${windowDays} days)`}>
          <p className={`mt-2 text-3xl font-semibold ${unmetDemand > 0 ? "text-danger" : ""}`} data-testid="unmet-demand">
            {number.format(unmetDemand)}
          </p>
          <p className="mt-1 text-ink-3">Launches refused because every product in the policy had run out of licenses.</p>
          <p className="mt-2" data-testid="waitlist-total">
            {waitlist.total === 0 ? "Nobody is waiting." : `${number.format(waitlist.total)} ${waitlist.total === 1 ? "person is" : "people are"} waiting: `}
            {waitlist.policies.map((p, i) => (
              <span key={p.policyId}>
                {i > 0 && ", "}
                <Link href={`/billing/licenses/auto-claim/${p.policyId}#waitlist-heading`} className="text-brand hover:underline">
                  {p.policyName} ({number.format(p.waiting)})
                </Link>
              </span>
            ))}
          </p>
        </Tile>

        <Tile id="duplicates-heading" title="Duplicates" testId="duplicates">
          <p className="mt-2 text-3xl font-semibold" data-testid="duplicates-total">
            {number.format(duplicates.total)}
          </p>
          <p className="mt-1 text-ink-3">People holding a product both directly and through a group: the direct assignment is not needed.</p>
          {duplicates.total > 0 && (
            <ul className="mt-2 space-y-1">
              {products
                .filter((p) => duplicates.byProduct[p.id])
                .map((p) => (
                  <li key={p.id}>
                    <Link href={`/billing/licenses/products/${p.id}`} className="text-brand hover:underline">
                      {p.displayName}
                    </Link>{" "}
                    <span className="text-ink-3">{number.format(duplicates.byProduct[p.id])}</span>
                  </li>
                ))}
            </ul>
          )}
        </Tile>

        <Tile id="cost-heading" title="Monthly cost" testId="cost">
          {costs.totals.length === 0 ? (
            <p className="mt-2 text-ink-3">No product is priced yet: set a unit price on a product&apos;s page.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {costs.totals.map((t) => (
                <li key={t.currency} data-testid={`cost-${t.currency}`}>
                  <span className="text-3xl font-semibold" data-testid="monthly-cost">
                    {formatMoney(t.monthlyCost, t.currency)}
                  </span>
                  <span className="block text-ink-3">
                    Idle: <span data-testid="idle-cost">{formatMoney(t.idleCost, t.currency)}</span> for units unused in {costs.windowDays} days
                  </span>
                </li>
              ))}
            </ul>
          )}
          {(costs.unpriced > 0 || costs.idleNotComputed > 0) && (
            <p className="mt-2 text-ink-3">
              {costs.unpriced > 0 && `${number.format(costs.unpriced)} ${costs.unpriced === 1 ? "product is" : "products are"} not priced. `}
              {costs.idleNotComputed > 0 && `Idle cost is not computed for suite licenses.`}
            </p>
          )}
        </Tile>

        <Tile id="alerts-heading" title="Alerts" testId="alerts">
          <OpenAlertList alerts={openAlerts} labels={ALERT_LEVEL_LABELS} />
        </Tile>
      </div>

      <Card
        id="products-heading"
        title="Licenses"
        className="mt-6"
        action={
          <Link href="/billing/licenses" className="text-brand hover:underline">
            Go to Billing › Licenses
          </Link>
        }
      >
        <ProductTable
          products={products}
          caption="Licenses by product: purchased, consumed and available units"
          className="min-w-[760px]"
          columns={columns}
          href={(p) => `/billing/licenses/products/${p.id}`}
          cells={(p) => (
            <>
              <UnitCells purchased={p.purchased} consumed={p.consumed} available={p.available} />
              <td className="px-3 py-3">
                <UsageBar label={p.displayName} consumed={p.consumed} purchased={p.purchased} percent={p.percentConsumed} alert={p.alert} />
              </td>
              <NumberCell testId="recent-claims">{number.format(p.recentClaims)}</NumberCell>
              <td className="px-5 py-3">{p.alert ? <PoolAlertBadge level={p.alert} /> : <span className="text-success">Available</span>}</td>
            </>
          )}
        />
      </Card>

      <RunwayCard rows={runways.map((r) => ({ ...r, rate: rateLabel(r.ratePerDay), runway: runwayLabel(r) }))} />
    </>
  );
}
