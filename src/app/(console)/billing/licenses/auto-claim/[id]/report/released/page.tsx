import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportViews } from "@/components/reports/report-views";
import { PageHeader } from "@/components/shell/page-header";
import { PageLinks } from "@/components/ui/pagination";
import { FilterTabs, SearchForm } from "@/components/ui/query-controls";
import { Card, DataTable } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { pageNumber, parseSearchParams, queryHref } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listReleased } from "@/server/domain/reports/released";
import { DEFAULT_RANGE, RANGE_LABELS, REPORT_RANGES, reportFilterSchema } from "@/server/domain/reports/schema";
import { getReportPolicy } from "@/server/domain/reports/service";
import { QueryNotice } from "@/app/(console)/query-notice";

export const metadata: Metadata = { title: "Released licenses" };

const number = new Intl.NumberFormat("en-US");
const day = (d: Date) => d.toISOString().slice(0, 10);
const CRUMBS = [{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }];

/** The policy report's Released view: licences a reclaim run released after their notice (SPEC §8.3). */
export default async function ReleasedLicensesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireRole(...CONSOLE_ROLES);
  const { id } = await params;
  const policy = await getReportPolicy(db(), user.tenantId, id);
  if (!policy) notFound();
  const sp = await searchParams;
  const { data: filter, problems } = parseSearchParams(reportFilterSchema, sp);
  const released = await listReleased(db(), user.tenantId, policy.id, { filter, page: pageNumber.parse(sp.page) }, new Date());
  const report = `/billing/licenses/auto-claim/${policy.id}/report`;
  const base = `${report}/released`;
  const href = (changes: Record<string, string | number | undefined>) =>
    queryHref(base, { range: filter.range, q: filter.q, page: undefined, ...changes }, { range: DEFAULT_RANGE });

  return (
    <>
      <PageHeader
        title="Auto-claim report"
        crumbs={CRUMBS}
        description={
          <>
            Licenses assigned by{" "}
            <span className="font-semibold text-ink" data-testid="policy-name">
              {policy.name}
            </span>{" "}
            that a reclaim run released because they went unused after a keep-or-release notice.
          </>
        }
      >
        <p className="mt-2">
          <Link href={`/billing/licenses/auto-claim/${policy.id}/reclaim`} className="text-brand hover:underline">
            Reclaim unused licenses
          </Link>
        </p>
      </PageHeader>
      <QueryNotice problems={problems} labels={{ q: "Search" }} />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <ReportViews policyId={policy.id} current="released" />
        <FilterTabs label="Date range" values={REPORT_RANGES} current={filter.range} labels={RANGE_LABELS} href={(range) => href({ range })} />
        <SearchForm action={base} id="released-search" q={filter.q} keep={{ range: filter.range }} clearHref={href({ q: "" })} />
      </div>
      <Card
        id="released-heading"
        title="Released licenses"
        action={
          <p className="text-ink-3" data-testid="released-total">
            {number.format(released.total)} released · {RANGE_LABELS[filter.range]}
            {filter.q ? ` · matching “${filter.q}”` : ""}
          </p>
        }
      >
        <DataTable
          caption="Licenses released by reclaim runs, newest first"
          columns={["User", "Product", "Claimed", "Last used", "Notice given", "Released"]}
          testId="released"
          empty={released.total === 0 ? "No license of this policy was released in this range." : undefined}
        >
          {released.rows.map((r) => (
            <tr key={r.noticeId} className="border-b border-line last:border-0" data-testid="released-row">
              <th scope="row" className="px-5 py-2 font-normal">
                <span className="font-semibold">{r.displayName ?? "Deleted user"}</span> <span className="text-ink-3">{r.userPrincipalName}</span>
              </th>
              <td className="px-3 py-2">{r.productName ?? "Deleted product"}</td>
              <td className="px-3 py-2 tabular-nums">{day(r.assignedAt)}</td>
              <td className="px-3 py-2 tabular-nums">{day(r.lastUsedAt)}</td>
              <td className="px-3 py-2 tabular-nums">{day(r.noticedAt)}</td>
              <td className="px-3 py-2 tabular-nums">{day(r.releasedAt)}</td>
            </tr>
          ))}
        </DataTable>
        {released.pages > 1 && (
          <PageLinks
            label="Pagination"
            page={released.page}
            pages={released.pages}
            href={(page) => href({ page })}
            className="border-t border-line px-4 py-3"
          />
        )}
      </Card>
    </>
  );
}
