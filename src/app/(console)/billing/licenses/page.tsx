import type { Metadata } from "next";
import Link from "next/link";
import { PoolAlertBadge } from "@/components/licenses/pool-alert-badge";
import { ProductTable, UnitCells } from "@/components/licenses/product-cells";
import { UsageBar } from "@/components/licenses/usage-bar";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, DataTable, NumberCell, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { ALERT_LEVEL_LABELS, listOpenAlerts, listRunways, rateLabel, runwayLabel } from "@/server/domain/licenses/alerts";
import { formatMoney, getTenantCosts, type ProductCost } from "@/server/domain/licenses/cost";
import { getLicenseOverview } from "@/server/domain/licenses/service";
import { AUTO_CLAIM_APP_LABELS } from "@/server/domain/policies/schema";

export const metadata: Metadata = { title: "Licenses" };

const number = new Intl.NumberFormat("en-US");

const COLUMNS: Column[] = [
  "Product",
  "Auto-claim",
  { label: "Purchased", numeric: true },
  { label: "Consumed", numeric: true },
  { label: "Available", numeric: true },
  { label: "Monthly cost", numeric: true },
  { label: "Usage", className: "w-48 px-5 py-2" },
];

/** Consumed units × unit price, in the product's currency. */
function MonthlyCost({ cost }: { cost: ProductCost | undefined }) {
  return cost?.monthlyCost ? formatMoney(cost.monthlyCost, cost.currency) : <span className="text-ink-3">Not priced</span>;
}

/** Billing › Licenses › Products: each product the organization has bought, with its units; each name leads to the product's page. */
export default async function LicensesPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const [openAlerts, runways] = await Promise.all([listOpenAlerts(db(), user.tenantId), listRunways(db(), user.tenantId)]);
  const [{ products }, costs] = await Promise.all([getLicenseOverview(db(), user.tenantId), getTenantCosts(db(), user.tenantId, new Date())]);
  const cost = new Map(costs.products.map((c) => [c.id, c]));

  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="products" />
      <Card
        id="products-heading"
        title="Products"
        description={`The licenses ${user.tenantName} has bought. A person who holds a product directly and through a group uses one license.`}
      >
        <ProductTable
          products={products}
          caption="Products: purchased, consumed and available licenses"
          className="min-w-[820px]"
          columns={COLUMNS}
          href={(p) => `/billing/licenses/products/${p.id}`}
          cells={(p) => (
            <>
              <td className="px-3 py-3">
                {p.standaloneFor ? `Standalone for ${AUTO_CLAIM_APP_LABELS[p.standaloneFor]}` : <span className="text-ink-3">Not standalone</span>}
              </td>
              <UnitCells purchased={p.purchased} consumed={p.consumed} available={p.available} />
              <NumberCell testId="monthly-cost">
                <MonthlyCost cost={cost.get(p.id)} />
              </NumberCell>
              <td className="px-5 py-3">
                <div className="flex items-center gap-2">
                  <UsageBar label={p.displayName} consumed={p.consumed} purchased={p.purchased} percent={p.percentConsumed} alert={p.alert} />
                  <PoolAlertBadge alert={p.alert} />
                </div>
              </td>
            </>
          )}
        />
      </Card>

      <Card id="alerts-heading" title="Alerts" className="mt-6" testId="alerts">
        <div className="px-5 pb-4">
          {openAlerts.length === 0 ? (
            <p className="mt-2 text-ink-3">No alerts: every license pool is under its thresholds.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {openAlerts.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="open-alert" data-level={a.level}>
                  <span
                    className={`whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${
                      a.level === "WARNING" ? "border-[#fdcfb4] bg-warning-subtle text-warning" : "border-[#eeacb2] bg-danger-subtle text-danger"
                    }`}
                  >
                    {ALERT_LEVEL_LABELS[a.level]}
                  </span>
                  <Link href={`/billing/licenses/products/${a.product.id}`} className="font-semibold text-brand hover:underline">
                    {a.product.displayName}
                  </Link>
                  <span className="text-ink-3">since {a.raisedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>

      <Card
        id="runway-heading"
        title="Runway"
        className="mt-6"
        description="Days until each pool is empty at the net claim rate of the last 28 days (claims − releases), and the units to buy for 30 more days of it."
      >
        <DataTable
          caption="Runway by product"
          testId="runway"
          columns={["Product", { label: "Net claims a day", numeric: true }, { label: "Runway", numeric: true }, { label: "Units to buy", numeric: true }]}
          empty={runways.length === 0 ? "No products yet." : undefined}
        >
          {runways.map((r) => (
            <tr key={r.productId} className="border-b border-line last:border-0" data-testid={`runway-${r.productId}`}>
              <th scope="row" className="px-5 py-3 font-normal">
                <Link href={`/billing/licenses/products/${r.productId}`} className="font-semibold text-brand hover:underline">
                  {r.displayName}
                </Link>
              </th>
              <NumberCell>{rateLabel(r.ratePerDay)}</NumberCell>
              <NumberCell testId="runway-days">{runwayLabel(r)}</NumberCell>
              <NumberCell className="px-5 py-3" testId="units-to-buy">
                {r.unitsToBuy > 0 ? number.format(r.unitsToBuy) : "—"}
              </NumberCell>
            </tr>
          ))}
        </DataTable>
      </Card>
    </>
  );
}
