import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { PageLink } from "@/components/ui/pagination";
import { Card, DataTable, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES } from "@/lib/roles";
import { parseSearchParams } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { auditFilterOptions, listAuditEntries, type AuditRow } from "@/server/domain/audit/log";
import { actionLabel, dateRangeProblem } from "@/server/domain/audit/words";
import { auditQuerySchema, type AuditQuery } from "@/server/domain/audit/schema";
import { QueryNotice } from "@/app/(console)/query-notice";

export const metadata: Metadata = { title: "Audit log" };

const number = new Intl.NumberFormat("en-US");

const COLUMNS: Column[] = ["When (UTC)", "Who", "What changed", "Before → after"];

function auditHref(query: AuditQuery, page: { after?: string; before?: string } = {}): string {
  const s = new URLSearchParams();
  for (const key of ["actor", "action", "from", "to"] as const) if (query[key]) s.set(key, query[key]);
  if (page.after) s.set("after", page.after);
  if (page.before) s.set("before", page.before);
  const text = s.toString();
  return text ? `/audit?${text}` : "/audit";
}

/** A link to what the entry is about, where the console has a page for it. */
function targetLink(row: AuditRow): { href: string; label: string } | null {
  if (!row.targetId) return null;
  switch (row.targetType) {
    case "AutoClaimPolicy":
      return { href: `/billing/licenses/auto-claim/${row.targetId}/report`, label: "View report" };
    case "User":
      return { href: `/users/${row.targetId}`, label: "View user" };
    case "Group":
      return { href: `/groups?group=${row.targetId}`, label: "View group" };
    case "LicenseRequest":
      return { href: "/billing/licenses/requests?view=completed", label: "View requests" };
    default:
      return null;
  }
}

/** The entry's before → after, field by field, in words (audit/words.ts). */
function Changes({ row }: { row: AuditRow }) {
  const fields = row.view.fields;
  if (fields.length === 0) return <span className="text-ink-3">—</span>;
  return (
    <dl className="space-y-1 text-xs" data-testid="audit-changes">
      {fields.map((f, i) => (
        <div key={`${f.label}-${i}`} className="flex flex-wrap gap-x-1" data-testid="audit-field">
          <dt className="font-semibold text-ink-2">{f.label}:</dt>
          <dd>
            <span className="text-ink-3 line-through decoration-ink-3/50">{f.before}</span> <span aria-hidden="true">→</span>
            <span className="sr-only"> changed to </span> <span>{f.after}</span>
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
  const rangeProblem = dateRangeProblem(query);

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
        <FilterSelect name="actor" label="Who" anyLabel="Anyone" value={query.actor} choices={options.actors.map((a) => ({ value: a, label: a }))} />
        <FilterSelect
          name="action"
          label="Action"
          anyLabel="Any action"
          value={query.action}
          choices={options.actions.map((a) => ({ value: a, label: actionLabel(a) }))}
        />
        <DateFilter name="from" label="From (UTC)" value={query.from} error={rangeProblem && `${rangeProblem} Showing entries of every date.`} />
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
                <td className="px-3 py-2">
                  <span className="font-semibold" data-testid="audit-title">
                    {row.view.title}
                  </span>
                  <span className="block text-xs text-ink-3">{row.summary}</span>
                  {link && (
                    <>
                      {" "}
                      <Link href={link.href} className="whitespace-nowrap text-brand hover:underline">
                        {link.label}
                      </Link>
                    </>
                  )}
                </td>
                {/* Positioned, so that the screen-reader words inside stay within the table's scroll area instead of widening the page. */}
                <td className="relative px-5 py-2">
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
  choices: { value: string; label: string }[];
}) {
  return (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-xs font-semibold text-ink-2">
        {label}
      </label>
      <select id={`audit-${name}`} name={name} defaultValue={value} className="mt-1 rounded border border-line-strong bg-white px-2 py-1.5">
        <option value="">{anyLabel}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A date filter of the log: a labelled date input (a day, in UTC), with its message when it has one. */
function DateFilter({ name, label, value, error }: { name: string; label: string; value: string | undefined; error?: string | null }) {
  const id = `audit-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-semibold text-ink-2">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="date"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`mt-1 rounded border bg-white px-2 py-1 ${error ? "border-danger" : "border-line-strong"}`}
      />
      {error && (
        <p id={`${id}-error`} className="mt-1 max-w-xs text-xs text-danger" data-testid="audit-from-error">
          {error}
        </p>
      )}
    </div>
  );
}
