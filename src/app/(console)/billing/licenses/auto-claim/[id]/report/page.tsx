import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClaimsChart } from "@/components/reports/claims-chart";
import { ReportTable, type SortHeader } from "@/components/reports/report-table";
import { ReportViews } from "@/components/reports/report-views";
import { wouldHaveClaimedText } from "@/components/policies/policy-status-badge";
import { PageHeader } from "@/components/shell/page-header";
import { PageLink } from "@/components/ui/pagination";
import { FilterTabs, SearchForm } from "@/components/ui/query-controls";
import { Card } from "@/components/ui/table";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { parseSearchParams, queryHref } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { groupsCarrying } from "@/server/domain/reports/bulk";
import {
  BULK_CHUNK,
  DEFAULT_DIR,
  DEFAULT_PAGE_SIZE,
  PAGE_SIZES,
  DEFAULT_RANGE,
  DEFAULT_SORT,
  RANGE_LABELS,
  REPORT_RANGES,
  reportQuerySchema,
  SORT_LABELS,
  type ReportQuery,
} from "@/server/domain/reports/schema";
import { getReportPage, getReportPolicy } from "@/server/domain/reports/service";
import { QueryNotice } from "@/app/(console)/query-notice";
import { moveToGroupAction, unassignImpactAction, unassignLicensesAction } from "./actions";

export const metadata: Metadata = { title: "Auto-claim report" };

const number = new Intl.NumberFormat("en-US");
const COLUMNS = ["user", "upn", "product", "assignedAt", "app", "environment"] as const;
const SIZES = PAGE_SIZES.map(String) as `${(typeof PAGE_SIZES)[number]}`[];
const SIZE_LABELS = Object.fromEntries(SIZES.map((s) => [s, s])) as Record<(typeof SIZES)[number], string>;
const CRUMBS = [{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }];

/** The report's URL for a query: only what differs from the defaults, so links stay short (the page's keys always in one order). */
const href = (base: string, query: ReportQuery, changes: Partial<Record<keyof ReportQuery, string | number | boolean>>) =>
  queryHref(
    base,
    {
      range: query.range,
      q: query.q,
      sort: query.sort,
      dir: query.dir,
      size: query.size,
      after: undefined,
      before: undefined,
      page: undefined,
      last: undefined,
      ...changes,
    },
    { range: DEFAULT_RANGE, sort: DEFAULT_SORT, dir: DEFAULT_DIR, size: DEFAULT_PAGE_SIZE },
  );

export default async function AutoClaimReportPage({
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
  const { data: query, problems } = parseSearchParams(reportQuerySchema, await searchParams);
  const asOf = new Date();
  const [report, groups] = await Promise.all([
    getReportPage(db(), user.tenantId, policy.id, query, asOf),
    groupsCarrying(
      db(),
      user.tenantId,
      policy.products.map((p) => p.id),
    ),
  ]);
  const base = `/billing/licenses/auto-claim/${policy.id}/report`;
  const csvParams = new URLSearchParams({ range: query.range, sort: query.sort, dir: query.dir, ...(query.q ? { q: query.q } : {}) });
  const claims = report.perDay.reduce((n, d) => n + d.claims, 0);
  const busiest = report.perDay.reduce<{ day: string; claims: number } | null>((best, d) => (!best || d.claims > best.claims ? d : best), null);

  const headers: SortHeader[] = COLUMNS.map((key) => {
    const current = query.sort === key;
    const nextDir = current ? (query.dir === "asc" ? "desc" : "asc") : key === "assignedAt" ? "desc" : "asc";
    return {
      key,
      label: key === "assignedAt" ? "Assigned at (UTC)" : SORT_LABELS[key],
      href: href(base, query, { sort: key, dir: nextDir }),
      sort: current ? (query.dir === "asc" ? "ascending" : "descending") : "none",
    };
  });

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
            that people still hold: who, which product, when, and the launch that claimed it.
            {policy.reportOnly && (
              <span className="mt-1 block" data-testid="would-have-claimed">
                Report only since {policy.reportOnly.since.toISOString().slice(0, 10)}: {wouldHaveClaimedText(policy.reportOnly.wouldHaveClaimed).toLowerCase()}
                , one for each person who launched a covered app without one. Nothing was claimed.
              </span>
            )}
          </>
        }
      >
        {policy.deletedAt ? (
          <p className="mt-2 rounded border border-line bg-canvas px-3 py-2 text-ink-2">
            This policy was deleted on {policy.deletedAt.toISOString().slice(0, 10)}; the licenses it assigned are still listed here.
          </p>
        ) : (
          <p className="mt-2">
            <Link href={`/billing/licenses/auto-claim/${policy.id}`} className="text-brand hover:underline">
              ‹ Policy details
            </Link>
          </p>
        )}
      </PageHeader>
      <QueryNotice problems={problems} labels={{ q: "Search", after: "Page", before: "Page", page: "Page" }} />

      <div className="mb-4 flex flex-wrap items-end gap-4">
        <ReportViews policyId={policy.id} current="held" />
        <FilterTabs label="Date range" values={REPORT_RANGES} current={query.range} labels={RANGE_LABELS} href={(range) => href(base, query, { range })} />
        <SearchForm
          action={base}
          id="report-search"
          q={query.q}
          keep={{
            range: query.range,
            sort: query.sort !== DEFAULT_SORT ? query.sort : undefined,
            dir: query.dir !== DEFAULT_DIR ? query.dir : undefined,
          }}
          clearHref={href(base, query, { q: "" })}
        />
        <a
          href={`/api/exports/policies/${policy.id}/report?${csvParams}`}
          download
          className="ml-auto rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover"
        >
          Export CSV
        </a>
      </div>

      <ClaimsChart
        days={report.perDay}
        summary={
          claims === 0
            ? `no claims in ${RANGE_LABELS[query.range].toLowerCase()}`
            : `${number.format(claims)} ${claims === 1 ? "claim" : "claims"} over ${number.format(report.perDay.length)} days${busiest ? `; most on ${busiest.day} (${number.format(busiest.claims)})` : ""}`
        }
      />

      <Card
        id="rows-heading"
        title="Licenses"
        className="mt-6"
        action={
          <p className="text-ink-3" data-testid="report-total">
            {number.format(report.total)} {report.total === 1 ? "license" : "licenses"} · {RANGE_LABELS[query.range]}
            {query.q ? ` · matching “${query.q}”` : ""}
          </p>
        }
      >
        <ReportTable
          key={`${query.range}|${query.q}`}
          policyId={policy.id}
          rows={report.rows.map((r) => ({
            id: r.id,
            userId: r.userId,
            displayName: r.displayName,
            userPrincipalName: r.userPrincipalName,
            productId: r.productId,
            productName: r.productName,
            assignedAt: r.assignedAt.toISOString(),
            appName: r.appName,
            environmentName: r.environmentName,
            whyHref: `/users/${r.userId}?launch=${r.launchId}#launch-heading`,
          }))}
          headers={headers}
          total={report.total}
          filter={{ range: query.range, q: query.q }}
          asOf={asOf.toISOString()}
          canChange={hasRole(user.role, ADMIN_ROLES)}
          groups={groups}
          chunk={BULK_CHUNK}
          unassign={unassignLicensesAction}
          unassignImpact={unassignImpactAction}
          move={moveToGroupAction}
        />
        <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 border-t border-line px-4 py-3">
          <p className="text-ink-3">
            Page {number.format(report.page)} of {number.format(report.pages)}
          </p>
          <div className="flex items-center gap-2">
            <span className="text-ink-3" aria-hidden="true">
              Rows per page
            </span>
            <FilterTabs
              label="Rows per page"
              values={SIZES}
              current={String(query.size) as (typeof SIZES)[number]}
              labels={SIZE_LABELS}
              href={(size) => href(base, query, { size: Number(size) })}
            />
          </div>
          <ul className="flex gap-2">
            <PageItem href={report.previous ? href(base, query, {}) : null} label="First" />
            <PageItem href={report.previous ? href(base, query, { before: report.previous, page: Math.max(1, report.page - 1) }) : null} label="Previous" />
            <PageItem href={report.next ? href(base, query, { after: report.next, page: report.page + 1 }) : null} label="Next" />
            <PageItem href={report.next ? href(base, query, { last: true }) : null} label="Last" />
          </ul>
        </nav>
      </Card>
    </>
  );
}

function PageItem({ href, label }: { href: string | null; label: string }) {
  return (
    <li>
      <PageLink href={href}>{label}</PageLink>
    </li>
  );
}
