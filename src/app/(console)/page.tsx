import type { Metadata } from "next";
import Link from "next/link";
import { PoolAlertBadge } from "@/components/licenses/pool-alert-badge";
import { UsageBar } from "@/components/licenses/usage-bar";
import { PageHeader } from "@/components/shell/page-header";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { getLicenseOverview } from "@/server/domain/licenses/service";

export const metadata: Metadata = { title: "Home" };

const number = new Intl.NumberFormat("en-US");

export default async function HomePage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const overview = await getLicenseOverview(db(), user.tenantId);
  const { products, unmetDemand, windowDays } = overview;
  const alerts = products.filter((p) => p.alert);
  const claims = products.reduce((sum, p) => sum + p.recentClaims, 0);

  return (
    <>
      <PageHeader title="Home" description={`License pools of ${user.tenantName} and what auto-claim did in the last ${windowDays} days.`} />

      <div className="grid gap-4 lg:grid-cols-3">
        <section aria-labelledby="claims-heading" className="rounded-md border border-line bg-white p-5 shadow-sm">
          <h2 id="claims-heading" className="font-semibold text-ink-2">
            Auto-claimed ({windowDays} days)
          </h2>
          <p className="mt-2 text-3xl font-semibold" data-testid="total-claims">
            {number.format(claims)}
          </p>
          <p className="mt-1 text-ink-3">Licenses assigned by auto-claim policies when people opened an app.</p>
        </section>

        <section aria-labelledby="unmet-heading" className="rounded-md border border-line bg-white p-5 shadow-sm">
          <h2 id="unmet-heading" className="font-semibold text-ink-2">
            Unmet demand ({windowDays} days)
          </h2>
          <p className={`mt-2 text-3xl font-semibold ${unmetDemand > 0 ? "text-danger" : ""}`} data-testid="unmet-demand">
            {number.format(unmetDemand)}
          </p>
          <p className="mt-1 text-ink-3">Launches refused because every product in the policy had run out of licenses.</p>
        </section>

        <section aria-labelledby="alerts-heading" className="rounded-md border border-line bg-white p-5 shadow-sm" data-testid="alerts">
          <h2 id="alerts-heading" className="font-semibold text-ink-2">
            Alerts
          </h2>
          {alerts.length === 0 ? (
            <p className="mt-2 text-ink-3">No alerts: every license pool has units available.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {alerts.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <PoolAlertBadge alert={p.alert} />
                  <span>
                    <span className="font-semibold">{p.displayName}</span>{" "}
                    <span className="text-ink-3">
                      {p.available === 0 ? "has no licenses left" : `has ${number.format(p.available)} of ${number.format(p.purchased)} left`}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="products-heading" className="mt-6 rounded-md border border-line bg-white shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-line px-5 py-4">
          <h2 id="products-heading" className="text-base font-semibold">
            Licenses
          </h2>
          <Link href="/billing/licenses" className="text-brand hover:underline">
            Go to Billing › Licenses
          </Link>
        </div>
        {products.length === 0 ? (
          <p className="px-5 py-6 text-ink-3">This organization has no products yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[760px] text-left">
              <caption className="sr-only">Licenses by product: purchased, consumed and available units</caption>
              <thead className="text-xs text-ink-3">
                <tr className="border-b border-line">
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Product
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Purchased
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Consumed
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Available
                  </th>
                  <th scope="col" className="w-48 px-3 py-2 font-semibold">
                    Usage
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Claims ({windowDays} days)
                  </th>
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {products.map((p) => (
                  <tr key={p.id} data-testid={`product-${p.skuPartNumber}`} className="border-b border-line last:border-0">
                    <th scope="row" className="px-5 py-3 font-normal">
                      <div className="font-semibold" data-testid="product-name">
                        {p.displayName}
                      </div>
                      <div className="font-mono text-xs text-ink-3">{p.skuPartNumber}</div>
                    </th>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="purchased">
                      {number.format(p.purchased)}
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="consumed">
                      {number.format(p.consumed)}
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="available">
                      {number.format(p.available)}
                    </td>
                    <td className="px-3 py-3">
                      <UsageBar label={p.displayName} consumed={p.consumed} purchased={p.purchased} percent={p.percentConsumed} alert={p.alert} />
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="recent-claims">
                      {number.format(p.recentClaims)}
                    </td>
                    <td className="px-5 py-3">{p.alert ? <PoolAlertBadge alert={p.alert} /> : <span className="text-success">Available</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
