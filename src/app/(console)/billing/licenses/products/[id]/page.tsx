import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertPill } from "@/components/licenses/alert-pill";
import { Duplicates } from "@/components/licenses/product/duplicates";
import { HoldersTable } from "@/components/licenses/product/holders-table";
import { PriceForm } from "@/components/licenses/product/price-form";
import { PurchasedUnitsForm } from "@/components/licenses/product/purchased-units-form";
import { groupHref, type HolderSourceView } from "@/components/licenses/product/source-chips";
import { ThresholdsForm } from "@/components/licenses/product/thresholds-form";
import { UsageChart } from "@/components/licenses/product/usage-chart";
import { PageHeader } from "@/components/shell/page-header";
import { PageLink } from "@/components/ui/pagination";
import { FilterTabs, SearchForm } from "@/components/ui/query-controls";
import { Card, DataTable, NumberCell, Tile } from "@/components/ui/table";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { parseSearchParams, queryHref } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import {
  ALERT_LEVEL_LABELS,
  getRunway,
  getThresholds,
  listOpenAlerts,
  listUsageDays,
  rateLabel,
  runwayLabel,
  USAGE_CHART_DAYS,
} from "@/server/domain/licenses/alerts";
import { COMMON_CURRENCIES, formatMoney, getProductCost, IDLE_WINDOW_DAYS } from "@/server/domain/licenses/cost";
import {
  getProductSummary,
  HOLDER_FILTER_LABELS,
  HOLDER_FILTERS,
  listGroupsCarryingProduct,
  listProductDuplicates,
  listProductHolders,
  listProductMembersInError,
  productPageQuerySchema,
  type ProductPageQuery,
} from "@/server/domain/licenses/product-page";
import { QueryNotice } from "@/app/(console)/query-notice";
import { setThresholdsAction } from "./actions";
import {
  removeDuplicatesAction,
  removeDuplicatesChunkAction,
  setProductPriceAction,
  setPurchasedUnitsAction,
  unassignImpactAction,
  unassignProductAction,
} from "./actions";

export const metadata: Metadata = { title: "Product" };

const number = new Intl.NumberFormat("en-US");
const CRUMBS = [{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }];
const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "");

/** The page's URL for a query: only what differs from the defaults. */
const href = (base: string, query: ProductPageQuery, changes: Partial<Record<"source" | "q" | "after" | "before", string>>) =>
  queryHref(base, { source: query.source, q: query.q, ...changes }, { source: "all" });

/** Billing › Licenses › a product: its units, every holder with their sources, the groups carrying it, the members waiting, the duplicates. */
export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireRole(...CONSOLE_ROLES);
  const { id } = await params;
  const product = await getProductSummary(db(), user.tenantId, id);
  if (!product) notFound();
  const [thresholds, runway, usage, alerts] = await Promise.all([
    getThresholds(db(), user.tenantId, product.id),
    getRunway(db(), user.tenantId, product.id),
    listUsageDays(db(), user.tenantId, product.id),
    listOpenAlerts(db(), user.tenantId),
  ]);
  const productAlerts = alerts.filter((a) => a.product.id === product.id);
  const { data: query, problems } = parseSearchParams(productPageQuerySchema, await searchParams);
  const [holders, groups, waiting, duplicates, cost] = await Promise.all([
    listProductHolders(db(), user.tenantId, product.id, query),
    listGroupsCarryingProduct(db(), user.tenantId, product.id),
    listProductMembersInError(db(), user.tenantId, product.id),
    listProductDuplicates(db(), user.tenantId, product.id),
    getProductCost(db(), user.tenantId, product.id, new Date()),
  ]);
  const canChange = hasRole(user.role, ADMIN_ROLES);
  const base = `/billing/licenses/products/${product.id}`;

  return (
    <>
      <PageHeader title={product.displayName} crumbs={CRUMBS} description={<span className="font-mono text-xs">{product.skuPartNumber}</span>} />
      <QueryNotice problems={problems} labels={{ q: "Search", after: "Page", before: "Page" }} />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile id="purchased-heading" title="Purchased">
          <p className="mt-2 text-3xl font-semibold" data-testid="purchased">
            {number.format(product.purchased)}
          </p>
        </Tile>
        <Tile id="consumed-heading" title="Consumed">
          <p className="mt-2 text-3xl font-semibold" data-testid="consumed">
            {number.format(product.consumed)}
          </p>
          <p className="mt-1 text-ink-3">Only active licenses count.</p>
        </Tile>
        <Tile id="available-heading" title="Available">
          <p className={`mt-2 text-3xl font-semibold ${product.available === 0 ? "text-danger" : ""}`} data-testid="available">
            {number.format(product.available)}
          </p>
        </Tile>
        <Tile id="errors-heading" title="Members in error">
          <p className={`mt-2 text-3xl font-semibold ${product.inError > 0 ? "text-danger" : ""}`} data-testid="in-error">
            {number.format(product.inError)}
          </p>
          <p className="mt-1 text-ink-3">Group licenses waiting for a unit.</p>
        </Tile>
      </div>

      {canChange && (
        <Card id="units-heading" title="Change purchased units" className="mt-6">
          <div className="px-5 py-4">
            <PurchasedUnitsForm key={product.purchased} productId={product.id} purchased={product.purchased} action={setPurchasedUnitsAction} />
          </div>
        </Card>
      )}

      {cost && (
        <Card id="price-heading" title="Price" className="mt-6" description="Monthly cost of the consumed units, and of the units nobody has used lately.">
          <dl className="grid gap-4 px-5 py-4 sm:grid-cols-3">
            <div>
              <dt className="text-ink-3">Unit price</dt>
              <dd className="mt-1 text-xl font-semibold" data-testid="unit-price">
                {cost.unitPrice === null ? "Not priced" : `${formatMoney(cost.unitPrice, cost.currency)} a month`}
              </dd>
            </div>
            <div>
              <dt className="text-ink-3">Monthly cost</dt>
              <dd className="mt-1 text-xl font-semibold" data-testid="monthly-cost">
                {cost.monthlyCost === null ? "—" : formatMoney(cost.monthlyCost, cost.currency)}
              </dd>
              <dd className="text-ink-3">{number.format(cost.consumed)} consumed units × unit price.</dd>
            </div>
            <div>
              <dt className="text-ink-3">Idle cost</dt>
              <dd className="mt-1 text-xl font-semibold" data-testid="idle-cost">
                {!cost.idleComputed ? "Not computed" : cost.idleCost === null ? "—" : formatMoney(cost.idleCost, cost.currency)}
              </dd>
              <dd className="text-ink-3">
                {cost.idleComputed
                  ? `${number.format(cost.idleUnits ?? 0)} units held by people who have not opened a covered app in ${IDLE_WINDOW_DAYS} days.`
                  : "A suite license covers no auto-claim app, so its use is not recorded here."}
              </dd>
            </div>
          </dl>
          {canChange && (
            <div className="border-t border-line px-5 py-4">
              <PriceForm
                key={`${cost.unitPrice ?? ""}|${cost.currency}`}
                productId={product.id}
                unitPrice={cost.unitPrice}
                currency={cost.currency}
                currencies={COMMON_CURRENCIES}
                action={setProductPriceAction}
              />
            </div>
          )}
        </Card>
      )}

      <Card
        id="pool-heading"
        title="Alerts and runway"
        className="mt-6"
        description="Net claims of the last 28 days (claims − releases); crossing a threshold raises one alert, falling back under resolves it."
      >
        <dl className="grid gap-4 px-5 py-4 sm:grid-cols-4">
          <div>
            <dt className="text-ink-3">Open alerts</dt>
            <dd className="mt-1 flex flex-wrap gap-2" data-testid="product-alerts">
              {productAlerts.length === 0 ? (
                <span className="text-xl font-semibold">None</span>
              ) : (
                productAlerts.map((a) => (
                  <AlertPill key={a.id} level={a.level} data-testid="open-alert" data-level={a.level} title={`Since ${utc(a.raisedAt)}`}>
                    {ALERT_LEVEL_LABELS[a.level]} since {utc(a.raisedAt)}
                  </AlertPill>
                ))
              )}
            </dd>
          </div>
          <div>
            <dt className="text-ink-3">Net claims a day</dt>
            <dd className="mt-1 text-xl font-semibold" data-testid="rate">
              {runway ? rateLabel(runway.ratePerDay) : "—"}
            </dd>
          </div>
          <div>
            <dt className="text-ink-3">Runway</dt>
            <dd className="mt-1 text-xl font-semibold" data-testid="runway-days">
              {runway ? runwayLabel(runway) : "—"}
            </dd>
          </div>
          <div>
            <dt className="text-ink-3">Units to buy</dt>
            <dd className="mt-1 text-xl font-semibold" data-testid="units-to-buy">
              {runway && runway.unitsToBuy > 0 ? number.format(runway.unitsToBuy) : "—"}
            </dd>
            <dd className="text-ink-3">For 30 days of net claims, beyond the units available.</dd>
          </div>
        </dl>
        <div className="border-t border-line">
          <UsageChart
            days={usage}
            summary={
              usage.length === 0
                ? `last ${USAGE_CHART_DAYS} days`
                : `last ${USAGE_CHART_DAYS} days, peak ${number.format(Math.max(...usage.map((d) => d.consumed)))} consumed`
            }
          />
        </div>
        {canChange && thresholds && (
          <div className="border-t border-line px-5 py-4">
            <ThresholdsForm
              key={`${thresholds.warningPercent}|${thresholds.criticalPercent}|${thresholds.emptyPercent}`}
              productId={product.id}
              thresholds={thresholds}
              action={setThresholdsAction}
            />
          </div>
        )}
      </Card>

      <Card
        id="holders-heading"
        title="Holders"
        className="mt-6"
        action={
          <p className="text-ink-3" data-testid="holders-total">
            {number.format(holders.total)} {holders.total === 1 ? "person" : "people"}
            {query.q ? ` matching “${query.q}”` : ""}
          </p>
        }
      >
        <div className="flex flex-wrap items-end gap-4 border-b border-line px-4 py-3">
          <FilterTabs
            label="Source"
            values={HOLDER_FILTERS}
            current={query.source}
            labels={HOLDER_FILTER_LABELS}
            href={(source) => href(base, query, { source })}
          />
          <SearchForm
            action={base}
            id="holder-search"
            q={query.q}
            keep={{ source: query.source !== "all" ? query.source : undefined }}
            clearHref={href(base, query, { q: "" })}
          />
        </div>
        <HoldersTable
          key={`${query.source}|${query.q}|${query.after ?? ""}|${query.before ?? ""}`}
          productId={product.id}
          productName={product.displayName}
          rows={holders.rows.map((r) => ({
            ...r,
            waitingSince: r.waitingSince?.toISOString() ?? null,
            sources: r.sources.map((s): HolderSourceView => (s.kind === "GROUP" ? { ...s, waitingSince: s.waitingSince?.toISOString() ?? null } : s)),
          }))}
          canChange={canChange}
          impact={unassignImpactAction}
          unassign={unassignProductAction}
          empty={query.q || query.source !== "all" ? "Nobody matches." : "Nobody holds this product."}
        />
        <nav aria-label="Pagination" className="flex justify-end gap-2 border-t border-line px-4 py-3">
          <PageLink href={holders.previous ? href(base, query, { before: holders.previous }) : null}>Previous</PageLink>
          <PageLink href={holders.next ? href(base, query, { after: holders.next }) : null}>Next</PageLink>
        </nav>
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card id="groups-heading" title="Groups carrying it">
          <DataTable
            caption={`Groups carrying ${product.displayName}`}
            testId="groups"
            columns={["Group", { label: "Members", numeric: true }, { label: "Active", numeric: true }, { label: "In error", numeric: true }]}
            empty={groups.length === 0 ? "No group carries this product." : undefined}
          >
            {groups.map((g) => (
              <tr key={g.id} className="border-b border-line last:border-0">
                <th scope="row" className="px-5 py-3 font-normal">
                  <Link href={groupHref(g.id)} className="font-semibold text-brand hover:underline">
                    {g.displayName}
                  </Link>
                </th>
                <NumberCell>{number.format(g.members)}</NumberCell>
                <NumberCell>{number.format(g.active)}</NumberCell>
                <NumberCell className="px-5 py-3">{number.format(g.inError)}</NumberCell>
              </tr>
            ))}
          </DataTable>
        </Card>

        <Card id="waiting-heading" title="Members in error" description="Longest-waiting first: they get a unit in this order as units free up.">
          <DataTable
            caption={`Group members waiting for ${product.displayName}`}
            testId="members-in-error"
            columns={["Name", "Group", "Waiting since"]}
            empty={waiting.total === 0 ? "Nobody is waiting for a unit." : undefined}
          >
            {waiting.rows.map((r) => (
              <tr key={`${r.id}-${r.group?.id ?? ""}`} className="border-b border-line last:border-0">
                <th scope="row" className="px-5 py-3 font-normal">
                  <div className="font-semibold">{r.displayName}</div>
                  <div className="text-xs text-ink-3">{r.userPrincipalName}</div>
                </th>
                <td className="px-3 py-3">
                  {r.group ? (
                    <Link href={groupHref(r.group.id)} className="text-brand hover:underline">
                      {r.group.displayName}
                    </Link>
                  ) : null}
                </td>
                <td className="px-5 py-3">{utc(r.waitingSince)}</td>
              </tr>
            ))}
          </DataTable>
          {waiting.rows.length < waiting.total && (
            <p className="px-5 py-3 text-ink-3">
              Showing the first {waiting.rows.length} of {number.format(waiting.total)}.
            </p>
          )}
        </Card>
      </div>

      <Card id="duplicates-heading" title="Duplicates" className="mt-6">
        <Duplicates
          productId={product.id}
          productName={product.displayName}
          total={duplicates.total}
          rows={duplicates.rows}
          canChange={canChange}
          removeOne={removeDuplicatesAction}
          removeChunk={removeDuplicatesChunkAction}
        />
      </Card>
    </>
  );
}
