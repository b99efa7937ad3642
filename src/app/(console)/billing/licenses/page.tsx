import type { Metadata } from "next";
import { PoolAlertBadge } from "@/components/licenses/pool-alert-badge";
import { ProductTable, UnitCells } from "@/components/licenses/product-cells";
import { UsageBar } from "@/components/licenses/usage-bar";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { getLicenseOverview } from "@/server/domain/licenses/service";
import { AUTO_CLAIM_APP_LABELS } from "@/server/domain/policies/schema";

export const metadata: Metadata = { title: "Licenses" };

const COLUMNS: Column[] = [
  "Product",
  "Auto-claim",
  { label: "Purchased", numeric: true },
  { label: "Consumed", numeric: true },
  { label: "Available", numeric: true },
  { label: "Usage", className: "w-48 px-5 py-2" },
];

/** Billing › Licenses › Products: each product the organization has bought, with its units; each name leads to the product's page. */
export default async function LicensesPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const { products } = await getLicenseOverview(db(), user.tenantId);

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
    </>
  );
}
