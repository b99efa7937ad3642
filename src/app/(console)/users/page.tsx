import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { PageLink } from "@/components/ui/pagination";
import { SearchField } from "@/components/ui/search-field";
import { Card, DataTable, type Column } from "@/components/ui/table";
import { AssignWithPlansForm } from "@/components/users/assign-with-plans";
import { BULK_FIELD, BULK_FORM, UsersBulkBar } from "@/components/users/bulk-bar";
import { checkboxClass } from "@/components/ui/form";
import { ReprocessUserButton, UnassignLicenseButton } from "@/components/users/license-forms";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole, ROLE_LABELS } from "@/lib/roles";
import { parseSearchParams } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { groupProductChoices } from "@/server/domain/groups/directory";
import { getUserDetail, listUsers, usersQuerySchema, type LicenceView } from "@/server/domain/users/service";
import { userUnassignImpact } from "@/server/domain/reports/unassign-impact";
import { QueryNotice } from "@/app/(console)/query-notice";
import { USERS_BULK_CHUNK } from "@/server/domain/users/bulk";
import { assignUserLicenseAction, bulkAssignUsersAction, bulkUnassignUsersAction, reprocessUserAction, unassignUserLicenseAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

const number = new Intl.NumberFormat("en-US");

const COLUMNS: Column[] = ["Display name", "User principal name", { label: "Licenses (source)", className: "px-3 py-2" }];

function usersHref(params: { q?: string; page?: number; user?: string }): string {
  const s = new URLSearchParams();
  if (params.q) s.set("q", params.q);
  if (params.page && params.page > 1) s.set("page", String(params.page));
  if (params.user) s.set("user", params.user);
  const text = s.toString();
  return text ? `/users?${text}` : "/users";
}

function SourceBadge({ licence }: { licence: LicenceView }) {
  const tone =
    licence.source === "AUTO_CLAIM"
      ? "bg-brand-subtle text-brand"
      : licence.source === "GROUP"
        ? "bg-success-subtle text-success"
        : "border border-line bg-canvas text-ink-2";
  return (
    <>
      <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${tone}`}>{licence.sourceLabel}</span>
      {licence.inError && (
        <span className="inline-block rounded bg-danger-subtle px-1.5 py-0.5 text-xs font-semibold text-danger" data-testid="license-error-badge">
          License error
        </span>
      )}
    </>
  );
}

/** The group through which the person also holds the product (an active group licence), if any. */
function keptThrough(licences: LicenceView[], licence: LicenceView): string | null {
  const other = licences.find((o) => o.id !== licence.id && o.productId === licence.productId && o.source === "GROUP" && !o.inError);
  return other ? (other.group?.displayName ?? "a group") : null;
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const { data: query, problems } = parseSearchParams(usersQuerySchema, await searchParams);
  const canChange = hasRole(user.role, ADMIN_ROLES);
  const [list, selected, products] = await Promise.all([
    listUsers(db(), user.tenantId, query),
    query.user ? getUserDetail(db(), user.tenantId, query.user) : Promise.resolve(null),
    groupProductChoices(db(), user.tenantId),
  ]);
  const freed = selected ? await userUnassignImpact(db(), user.tenantId, selected.id) : new Map<string, number>();

  return (
    <>
      <PageHeader
        title="Users"
        description="People in the directory, each license they hold and where it comes from: assigned directly, claimed through an auto-claim policy, or held through a group."
      />

      <form role="search" method="get" action="/users" className="mb-4 flex flex-wrap items-end gap-2">
        <SearchField id="users-search" defaultValue={query.q} />
        <p className="ml-auto text-ink-3" data-testid="users-total">
          {number.format(list.total)} {list.total === 1 ? "user" : "users"}
        </p>
      </form>

      <QueryNotice problems={problems} labels={{ q: "Search", page: "Page", user: "User" }} />
      {query.user && !selected && (
        <p role="alert" className="mb-4 text-danger">
          That user does not exist in this organization.
        </p>
      )}
      {selected && (
        <section aria-labelledby="user-detail-heading" className="mb-6 rounded-md border border-line bg-white p-5 shadow-sm" data-testid="user-detail">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="user-detail-heading" className="text-lg font-semibold">
              {selected.displayName}
            </h2>
            <span className="flex flex-wrap gap-4">
              <Link href={`/users/${selected.id}`} className="text-brand hover:underline">
                Why / why not and launches
              </Link>
              <Link href={usersHref({ q: query.q, page: query.page })} className="text-brand hover:underline">
                Close
              </Link>
            </span>
          </div>
          <p className="text-ink-3">
            {selected.userPrincipalName} · {ROLE_LABELS[selected.role]}
            {selected.jobTitle ? ` · ${selected.jobTitle}` : ""}
            {selected.department ? `, ${selected.department}` : ""}
          </p>
          <p className="mt-1 text-ink-3">Groups: {selected.groups.length === 0 ? "none" : selected.groups.map((g) => g.displayName).join(", ")}</p>

          <div className="mt-4 flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-semibold">Licenses</h3>
            {selected.licences.some((l) => l.inError) && (
              <p className="flex flex-wrap items-center gap-2 text-danger" data-testid="user-license-errors">
                {selected.licences.filter((l) => l.inError).length} in error: no unit left
                <ReprocessUserButton action={reprocessUserAction} userId={selected.id} disabled={!canChange} />
              </p>
            )}
          </div>
          {selected.licences.length === 0 ? (
            <p className="text-ink-3">No licenses.</p>
          ) : (
            <ul className="mt-2 divide-y divide-line rounded border border-line" aria-label={`Licenses of ${selected.displayName}`}>
              {selected.licences.map((l) => (
                <li key={l.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                  <span className="font-semibold">{l.productName}</span>
                  <SourceBadge licence={l} />
                  {l.detail && <span className="text-ink-3">{l.detail}</span>}
                  {l.policy && (
                    <Link href={`/billing/licenses/auto-claim/${l.policy.id}/report`} className="text-brand hover:underline">
                      Policy report
                    </Link>
                  )}
                  <span className="ml-auto">
                    {l.source === "GROUP" ? (
                      l.group && (
                        <Link href={`/groups?group=${l.group.id}`} className="text-sm text-brand hover:underline">
                          Manage in {l.group.displayName}
                        </Link>
                      )
                    ) : (
                      <UnassignLicenseButton
                        action={unassignUserLicenseAction}
                        userId={selected.id}
                        userName={selected.displayName}
                        productId={l.productId}
                        productName={l.productName}
                        unitsFreed={freed.get(l.productId) ?? 0}
                        keptThrough={keptThrough(selected.licences, l)}
                        disabled={!canChange}
                      />
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-4">
            <AssignWithPlansForm
              key={selected.id}
              action={assignUserLicenseAction}
              userId={selected.id}
              userName={selected.displayName}
              disabled={!canChange}
              products={products.filter((p) => !selected.licences.some((l) => l.productId === p.id && l.source !== "GROUP"))}
            />
            {!canChange && <p className="mt-2 text-xs text-ink-3">Reports readers can read this page. Only a Global admin can assign or unassign licenses.</p>}
          </div>
        </section>
      )}

      <Card id="users-heading" title="Users" srOnlyTitle>
        {canChange && (
          <UsersBulkBar assign={bulkAssignUsersAction} unassign={bulkUnassignUsersAction} products={products} chunk={USERS_BULK_CHUNK} disabled={!canChange} />
        )}
        <DataTable
          caption="Users with their licenses and each license's source"
          className="min-w-[760px]"
          testId="users-table"
          columns={canChange ? [{ label: "Select", srOnly: true, className: "w-10 py-2 pl-5 pr-1" }, ...COLUMNS] : COLUMNS}
          empty={list.rows.length === 0 && "No users match."}
        >
          {list.rows.map((u) => (
            <tr key={u.id} className="border-b border-line align-top last:border-0" data-testid="user-row">
              {canChange && (
                <td className="py-2 pl-5 pr-1">
                  <input type="checkbox" name={BULK_FIELD} form={BULK_FORM} value={u.id} aria-label={`Select ${u.displayName}`} className={checkboxClass} />
                </td>
              )}
              <th scope="row" className="px-5 py-2 font-normal">
                <Link href={usersHref({ q: query.q, page: list.page, user: u.id })} className="font-semibold text-brand hover:underline">
                  {u.displayName}
                </Link>
              </th>
              <td className="px-3 py-2">{u.userPrincipalName}</td>
              <td className="px-3 py-2">
                {u.licences.length === 0 ? (
                  <span className="text-ink-3">No licenses</span>
                ) : (
                  <ul className="space-y-1" aria-label={`Licenses of ${u.displayName}`}>
                    {u.licences.map((l) => (
                      <li key={l.id} className="flex flex-wrap items-center gap-2">
                        <span>{l.productName}</span>
                        <SourceBadge licence={l} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <nav aria-label="Pagination" className="flex items-center justify-between border-t border-line px-5 py-3">
          <p className="text-ink-3">
            Page {number.format(list.page)} of {number.format(list.pages)}
          </p>
          <ul className="flex gap-2">
            <li>
              <PageLink href={list.page > 1 ? usersHref({ q: query.q, page: list.page - 1 }) : null}>Previous</PageLink>
            </li>
            <li>
              <PageLink href={list.page < list.pages ? usersHref({ q: query.q, page: list.page + 1 }) : null}>Next</PageLink>
            </li>
          </ul>
        </nav>
      </Card>
    </>
  );
}
