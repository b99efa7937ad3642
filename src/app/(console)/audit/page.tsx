import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { PageLink } from "@/components/ui/pagination";
import { Card, DataTable, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { parseSearchParams } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { auditFilterOptions, changedFields, listAuditEntries, type AuditRow } from "@/server/domain/audit/log";
import { auditQuerySchema, type AuditQuery } from "@/server/domain/audit/schema";
import { QueryNotice } from "@/app/(console)/query-notice";

export const metadata: Metadata = { title: "Audit log" };

const number = new Intl.NumberFormat("en-US");

const COLUMNS: Column[] = ["When (UTC)", "Who", "Action", "What", "Before → after"];

function auditHref(query: AuditQuery, page: { after?: string; before?: string } = {}): string {
  const s = new URLSearchParams();
  for (const key of ["actor", "action", "from", "to"] as const) if (query[key]) s.set(key, query[key]);
  if (page.after) s.set("after", page.after);
  if (page.before) s.set("before", page.before);
  const text = s.toString();
  return text ? `/audit?${text}` : "/audit";
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length === 0 ? "none" : value.join(", ");
  return JSON.stringify(value);
}

/** A link to what the entry is about, where the console has a page for it. */
function targetLink(row: AuditRow): { href: string; label: string } | null {
  if (!row.targetId) return null;
  switch (row.targetType) {
    case "AutoClaimPolicy":
      return { href: `/billing/licenses/auto-claim/${row.targetId}/report`, label: "View report" };
    case "User":
      return { href: `/users?user=${row.targetId}`, label: "View user" };
    case "Group":
      return { href: `/groups?group=${row.targetId}`, label: "View group" };
    case "LicenseRequest":
      return { href: "/billing/licenses/requests?view=completed", label: "View requests" };
    default:
      return null;
  }
}

function Changes({ row }: { row: AuditRow }) {
  const fields = changedFields(row.before, row.after);
  if (fields.length === 0) return <span className="text-ink-3">—</span>;
  return (
    <dl className="space-y-0.5 text-xs">
      {fields.map((f) => (
        <div key={f.key || "value"} className="flex flex-wrap gap-x-1">
          {f.key && <dt className="font-semibold text-ink-2">{f.key}:</dt>}
          <dd>
            <span className="text-ink-3 line-through decoration-ink-3/50">{show(f.before)}</span> <span aria-hidden="true">→</span>
            <span className="sr-only"> changed to </span> <span>{show(f.after)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const { data: query, problems } = parseSearchParams(auditQuerySchema, await searchParams);
  const [log, options] = await Promise.all([listAuditEntries(db(), user.tenantId, query), auditFilterOptions(db(), user.tenantId)]);
  const filtered = Boolean(query.actor || query.action || query.from || query.to);

  return (
    <>
      <PageHeader title="Audit log" description="Every change an admin, an API token or the system made: who, when, what, and the values before and after." />

      <QueryNotice problems={problems} labels={{ actor: "Who", action: "Action", from: "From", to: "To", after: "Page", before: "Page" }} />
      <form
        method="get"
        action="/audit"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-md border border-line bg-white p-4 shadow-sm"
        aria-label="Filter the audit log"
      >
        <FilterSelect name="actor" label="Who" anyLabel="Anyone" value={query.actor} choices={options.actors} />
        <FilterSelect name="action" label="Action" anyLabel="Any action" value={query.action} choices={options.actions} />
        <DateFilter name="from" label="From (UTC)" value={query.from} />
        <DateFilter name="to" label="To (UTC)" value={query.to} />
        <button type="submit" className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover">
          Apply
        </button>
        {filtered && (
          <Link href="/audit" className="py-1.5 text-brand hover:underline">
            Clear filters
          </Link>
        )}
        <p className="ml-auto self-center text-ink-3" data-testid="audit-total">
          {number.format(log.total)} {log.total === 1 ? "entry" : "entries"}
        </p>
      </form>

      <Card id="audit-heading" title="Entries" srOnlyTitle>
        <DataTable
          caption="Audit entries, newest first"
          className="min-w-[960px]"
          testId="audit-table"
          columns={COLUMNS}
          empty={log.rows.length === 0 && (filtered ? "No entries match these filters." : "No changes recorded yet.")}
        >
          {log.rows.map((row) => {
            const link = targetLink(row);
            return (
              <tr key={row.id} className="border-b border-line align-top last:border-0" data-testid="audit-row">
                <td className="whitespace-nowrap px-5 py-2 tabular-nums">
                  <time dateTime={row.createdAt.toISOString()}>{row.createdAt.toISOString().slice(0, 19).replace("T", " ")}</time>
                </td>
                <td className="px-3 py-2">{row.actorLabel}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.action}</td>
                <td className="px-3 py-2">
                  {row.summary}
                  {link && (
                    <>
                      {" "}
                      <Link href={link.href} className="whitespace-nowrap text-brand hover:underline">
                        {link.label}
                      </Link>
                    </>
                  )}
                </td>
                <td className="px-5 py-2">
                  <Changes row={row} />
                </td>
              </tr>
            );
          })}
        </DataTable>
        <nav aria-label="Pagination" className="flex items-center justify-end gap-2 border-t border-line px-5 py-3">
          <PageLink href={log.newer ? auditHref(query, { before: log.newer }) : null}>Newer</PageLink>
          <PageLink href={log.older ? auditHref(query, { after: log.older }) : null}>Older</PageLink>
        </nav>
      </Card>
    </>
  );
}

/** One filter of the log: a labelled select whose first choice means "no filter". */
function FilterSelect({
  name,
  label,
  anyLabel,
  value,
  choices,
}: {
  name: string;
  label: string;
  anyLabel: string;
  value: string | undefined;
  choices: string[];
}) {
  return (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-xs font-semibold text-ink-2">
        {label}
      </label>
      <select id={`audit-${name}`} name={name} defaultValue={value} className="mt-1 rounded border border-line-strong bg-white px-2 py-1.5">
        <option value="">{anyLabel}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A date filter of the log: a labelled date input (a day, in UTC). */
function DateFilter({ name, label, value }: { name: string; label: string; value: string | undefined }) {
  return (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-xs font-semibold text-ink-2">
        {label}
      </label>
      <input id={`audit-${name}`} name={name} type="date" defaultValue={value} className="mt-1 rounded border border-line-strong bg-white px-2 py-1" />
    </div>
  );
}
