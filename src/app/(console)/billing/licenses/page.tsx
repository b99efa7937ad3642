import type { Metadata } from "next";
import { OpenAlertList, PoolAlertBadge } from "@/components/licenses/alert-pill";
import { ProductTable, UnitCells } from "@/components/licenses/product-cells";
import { RunwayCard } from "@/components/licenses/runway-card";
import { UsageBar } from "@/components/licenses/usage-bar";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, NumberCell, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { ALERT_LEVEL_LABELS, listOpenAlerts, listRunways, rateLabel, runwayLabel } from "@/server/domain/licenses/alerts";
import { formatMoney, getTenantCosts, type ProductCost } from "@/server/domain/licenses/cost";
import { getLicenseOverview } from "@/server/domain/licenses/service";
import { AUTO_CLAIM_APP_LABELS } from "@/server/domain/policies/schema";

export const metadata: Metadata = { title: "Licenses" };

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
                  <PoolAlertBadge level={p.alert} />
                </div>
              </td>
            </>
          )}
        />
      </Card>

      <Card id="alerts-heading" title="Alerts" className="mt-6" testId="alerts">
        <div className="px-5 pb-4">
          <OpenAlertList alerts={openAlerts} labels={ALERT_LEVEL_LABELS} />
        </div>
      </Card>

      <RunwayCard rows={runways.map((r) => ({ ...r, rate: rateLabel(r.ratePerDay), runway: runwayLabel(r) }))} />
    </>
  );
}
