import type { Metadata } from "next";
import { PoolAlertBadge } from "@/components/licenses/pool-alert-badge";
import { UsageBar } from "@/components/licenses/usage-bar";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { getLicenseOverview } from "@/server/domain/licenses/service";
import { AUTO_CLAIM_APP_LABELS } from "@/server/domain/policies/schema";

export const metadata: Metadata = { title: "Licenses" };

const number = new Intl.NumberFormat("en-US");

/** Billing › Licenses › Products: each product the organization has bought, with its units. Read-only. */
export default async function LicensesPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const { products } = await getLicenseOverview(db(), user.tenantId);

  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="products" />
      <section aria-labelledby="products-heading" className="rounded-md border border-line bg-white shadow-sm">
        <div className="border-b border-line px-5 py-4">
          <h2 id="products-heading" className="text-base font-semibold">
            Products
          </h2>
          <p className="text-ink-3">The licenses {user.tenantName} has bought. A person who holds a product directly and through a group uses one license.</p>
        </div>
        {products.length === 0 ? (
          <p className="px-5 py-6 text-ink-3">This organization has no products yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[820px] text-left">
              <caption className="sr-only">Products: purchased, consumed and available licenses</caption>
              <thead className="text-xs text-ink-3">
                <tr className="border-b border-line">
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Product
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Auto-claim
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
                  <th scope="col" className="w-48 px-5 py-2 font-semibold">
                    Usage
                  </th>
                </tr>
              </thead>
              <tbody>
                {products.map((p) => (
                  <tr key={p.id} data-testid={`product-${p.skuPartNumber}`} className="border-b border-line last:border-0">
                    <th scope="row" className="px-5 py-3 font-normal">
                      <div className="font-semibold">{p.displayName}</div>
                      <div className="font-mono text-xs text-ink-3">{p.skuPartNumber}</div>
                    </th>
                    <td className="px-3 py-3">
                      {p.standaloneFor ? `Standalone for ${AUTO_CLAIM_APP_LABELS[p.standaloneFor]}` : <span className="text-ink-3">Not standalone</span>}
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="purchased">
                      {number.format(p.purchased)}
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="consumed">
                      {number.format(p.consumed)}
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums" data-testid="available">
                      {number.format(p.available)}
                    </td>
                    <td className="px-5 py-3">
                      <div className="flex items-center gap-2">
                        <UsageBar label={p.displayName} consumed={p.consumed} purchased={p.purchased} percent={p.percentConsumed} alert={p.alert} />
                        <PoolAlertBadge alert={p.alert} />
                      </div>
                    </td>
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
