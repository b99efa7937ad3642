import type { Metadata } from "next";
import Link from "next/link";
import { AssignGroupProductForm, ChangeAppsForm, RemoveGroupLicenseButton, ReprocessGroupButton } from "@/components/groups/licence-forms";
import { AddMemberForm, RemoveMemberButton } from "@/components/groups/member-forms";
import { PageHeader } from "@/components/shell/page-header";
import { PageLinks } from "@/components/ui/pagination";
import { Card, DataTable, NumberCell, type Column } from "@/components/ui/table";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { first, parseSearchParams } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { countMembersWithLicenseErrors, getGroupDetail, groupProductChoices, listGroups, memberLicenceStates } from "@/server/domain/groups/directory";
import { groupLicenseRemovalImpact, listMembersWithLicenseErrors } from "@/server/domain/groups/licenses";
import { groupsQuerySchema } from "@/server/domain/groups/schema";
import type { GroupDetail } from "@/server/domain/groups/directory";
import { QueryNotice } from "@/app/(console)/query-notice";
import { addGroupMemberAction, removeGroupMemberAction, removeGroupProductAction, reprocessGroupAction, setGroupProductAction } from "./actions";

export const metadata: Metadata = { title: "Groups" };

const number = new Intl.NumberFormat("en-US");

const ERROR_COLUMNS: Column[] = [{ label: "Member", className: "py-2 pr-3" }, "User principal name", "Product", "Waiting since (UTC)"];

const utc = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

/** What the open group's licence forms and dialogs need: products to add, each licence's removal impact, members' states, the errors. */
async function groupExtras(tenantId: string, detail: GroupDetail) {
  const [choices, impacts, states, membersInError, errors] = await Promise.all([
    groupProductChoices(db(), tenantId),
    Promise.all(detail.licenses.map((l) => groupLicenseRemovalImpact(db(), tenantId, detail.id, l.productId))),
    memberLicenceStates(
      db(),
      tenantId,
      detail.id,
      detail.members.map((m) => m.id),
    ),
    countMembersWithLicenseErrors(db(), tenantId, detail.id),
    listMembersWithLicenseErrors(db(), tenantId, detail.id),
  ]);
  return {
    choices: choices.filter((p) => !detail.licenses.some((l) => l.productId === p.id)),
    impacts: new Map(detail.licenses.map((l, i) => [l.productId, impacts[i]])),
    states,
    membersInError,
    errors,
  };
}

const GROUP_COLUMNS: Column[] = ["Group", "Description", { label: "Members", numeric: true }, "Group licenses"];
const MEMBER_COLUMNS: Column[] = [
  { label: "Member", className: "py-2 pr-3" },
  "User principal name",
  "Added (UTC)",
  { label: "Actions", srOnly: true, className: "px-3 py-2" },
];

function groupHref(groupId: string, params: { q?: string; page?: number } = {}) {
  const s = new URLSearchParams({ group: groupId });
  if (params.q) s.set("q", params.q);
  if (params.page && params.page > 1) s.set("page", String(params.page));
  return `/groups?${s}`;
}

export default async function GroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const sp = await searchParams;
  const group = first(sp.group);
  const groupId = typeof group === "string" ? group : undefined;
  const { data: query, problems } = parseSearchParams(groupsQuerySchema, sp);
  const { q, page } = query;
  const canChange = hasRole(user.role, ADMIN_ROLES);
  const [groups, detail] = await Promise.all([
    listGroups(db(), user.tenantId),
    groupId ? getGroupDetail(db(), user.tenantId, groupId, { q, page }) : Promise.resolve(null),
  ]);
  const extra = detail ? await groupExtras(user.tenantId, detail) : null;

  return (
    <>
      <PageHeader
        title="Groups"
        description="Security groups, their members, and the licenses they carry: with group-based licensing every member holds the group's licenses."
      />
      <QueryNotice problems={problems} labels={{ q: "Search members", page: "Page" }} />

      <Card id="groups-heading" title="All groups" srOnlyTitle>
        <DataTable
          caption="Groups with their member counts and group license assignments"
          className="min-w-[720px]"
          testId="groups-table"
          columns={GROUP_COLUMNS}
          empty={groups.length === 0 && "This organization has no groups."}
        >
          {groups.map((g) => (
            <tr key={g.id} className={`border-b border-line last:border-0 ${g.id === detail?.id ? "bg-brand-subtle" : ""}`}>
              <th scope="row" className="px-5 py-2 font-normal">
                <Link href={groupHref(g.id)} aria-current={g.id === detail?.id ? "true" : undefined} className="font-semibold text-brand hover:underline">
                  {g.displayName}
                </Link>
              </th>
              <td className="px-3 py-2 text-ink-2">{g.description ?? ""}</td>
              <NumberCell className="px-3 py-2">{number.format(g.members)}</NumberCell>
              <td className="px-5 py-2">
                {g.licenses.length === 0 ? <span className="text-ink-3">None</span> : g.licenses.map((l) => l.displayName).join(", ")}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>

      {groupId && !detail && (
        <p role="alert" className="mt-4 text-danger">
          That group does not exist in this organization.
        </p>
      )}
      {detail && (
        <section aria-labelledby="group-detail-heading" className="mt-6 rounded-md border border-line bg-white p-5 shadow-sm" data-testid="group-detail">
          <h2 id="group-detail-heading" className="text-lg font-semibold">
            {detail.displayName}
          </h2>
          {detail.description && <p className="text-ink-3">{detail.description}</p>}

          <h3 className="mt-4 font-semibold">Group licenses</h3>
          {detail.licenses.length === 0 ? (
            <p className="text-ink-3">This group carries no licenses: its members get none through it.</p>
          ) : (
            <ul className="mt-2 divide-y divide-line rounded border border-line" aria-label={`Licenses of ${detail.displayName}`}>
              {detail.licenses.map((l) => {
                const impact = extra?.impacts.get(l.productId);
                return (
                  <li key={l.productId} className="flex flex-wrap items-center gap-2 px-3 py-2" data-testid="group-license">
                    <span>
                      <span className="font-semibold">{l.displayName}</span>{" "}
                      <span className="text-ink-3">
                        ({l.skuPartNumber}) · {number.format(l.available)} of {number.format(l.purchased)} available · apps:{" "}
                        {l.enabledPlans.join(", ") || "none"}
                      </span>
                      {l.membersInError > 0 && (
                        <span className="ml-2 inline-block rounded bg-danger-subtle px-1.5 py-0.5 text-xs font-semibold text-danger">
                          {number.format(l.membersInError)} in error
                        </span>
                      )}
                    </span>
                    <span className="ml-auto flex flex-wrap gap-2">
                      <ChangeAppsForm
                        action={setGroupProductAction}
                        groupId={detail.id}
                        productId={l.productId}
                        productName={l.displayName}
                        plans={l.plans}
                        disabled={!canChange}
                      />
                      {impact && (
                        <RemoveGroupLicenseButton
                          action={removeGroupProductAction}
                          groupId={detail.id}
                          groupName={detail.displayName}
                          productId={l.productId}
                          impact={impact}
                          disabled={!canChange}
                        />
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
          {extra && (
            <AssignGroupProductForm
              key={extra.choices.map((c) => c.id).join()}
              action={setGroupProductAction}
              groupId={detail.id}
              products={extra.choices}
              disabled={!canChange}
            />
          )}

          {extra && extra.membersInError > 0 && extra.errors && (
            <section aria-labelledby="license-errors-heading" className="mt-4 rounded border border-danger p-3" data-testid="license-errors">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 id="license-errors-heading" className="font-semibold text-danger">
                  {number.format(extra.membersInError)} {extra.membersInError === 1 ? "member" : "members"} with license errors
                </h3>
                <ReprocessGroupButton action={reprocessGroupAction} groupId={detail.id} disabled={!canChange} />
              </div>
              <p className="text-ink-3">
                No unit was left when they got the group&apos;s license; each is assigned as soon as one frees up, longest-waiting first.
              </p>
              <div className="mt-2">
                <DataTable caption={`Members of ${detail.displayName} with license errors`} className="min-w-[640px]" columns={ERROR_COLUMNS}>
                  {extra.errors.rows.map((r) => (
                    <tr key={`${r.id}-${r.product.id}`} className="border-b border-line last:border-0">
                      <th scope="row" className="py-2 pr-3 font-normal">
                        <Link href={`/users?user=${r.id}`} className="text-brand hover:underline">
                          {r.displayName}
                        </Link>
                      </th>
                      <td className="px-3 py-2">{r.userPrincipalName}</td>
                      <td className="px-3 py-2">{r.product.displayName}</td>
                      <td className="px-3 py-2 tabular-nums">{utc(r.waitingSince)}</td>
                    </tr>
                  ))}
                </DataTable>
                {extra.errors.total > extra.errors.rows.length && (
                  <p className="mt-1 text-ink-3">
                    The {number.format(extra.errors.rows.length)} longest-waiting of {number.format(extra.errors.total)} licenses in error.
                  </p>
                )}
              </div>
            </section>
          )}

          <div className="mt-4">
            <AddMemberForm action={addGroupMemberAction} groupId={detail.id} groupName={detail.displayName} disabled={!canChange} />
            {!canChange && <p className="mt-2 text-xs text-ink-3">Reports readers can read this page. Only a Global admin can add or remove members.</p>}
          </div>

          <div className="mt-4 flex flex-wrap items-end justify-between gap-2">
            <h3 className="font-semibold">
              Members{" "}
              <span className="font-normal text-ink-3">
                ({number.format(detail.total)}
                {q ? ` matching “${q}”` : ""})
              </span>
            </h3>
            <form role="search" method="get" action="/groups" className="flex items-end gap-2">
              <input type="hidden" name="group" value={detail.id} />
              <label htmlFor="members-search" className="sr-only">
                Search members
              </label>
              <input
                id="members-search"
                name="q"
                type="search"
                defaultValue={q}
                placeholder="Search members"
                className="w-56 rounded border border-line-strong bg-white px-3 py-1"
              />
              <button type="submit" className="rounded border border-line-strong bg-white px-3 py-1 font-semibold hover:bg-canvas">
                Search
              </button>
            </form>
          </div>
          <div className="mt-2">
            <DataTable
              caption={`Members of ${detail.displayName}`}
              className="min-w-[640px]"
              testId="members-table"
              columns={MEMBER_COLUMNS}
              empty={detail.members.length === 0 && "No members."}
              emptyClassName="py-6"
            >
              {detail.members.map((m) => (
                <tr key={m.id} className="border-b border-line last:border-0">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link href={`/users?user=${m.id}`} className="text-brand hover:underline">
                      {m.displayName}
                    </Link>
                  </th>
                  <td className="px-3 py-2">
                    {m.userPrincipalName}
                    {(extra?.states.get(m.id)?.inError.length ?? 0) > 0 && (
                      <span
                        className="ml-2 inline-block rounded bg-danger-subtle px-1.5 py-0.5 text-xs font-semibold text-danger"
                        data-testid="license-error-badge"
                      >
                        License error: {extra?.states.get(m.id)?.inError.join(", ")}
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{utc(m.addedAt)}</td>
                  <td className="px-3 py-2 text-right">
                    <RemoveMemberButton
                      action={removeGroupMemberAction}
                      groupId={detail.id}
                      groupName={detail.displayName}
                      userId={m.id}
                      name={m.displayName}
                      products={detail.licenses.map((l) => l.displayName)}
                      unitsFreed={extra?.states.get(m.id)?.unitsFreed ?? 0}
                      disabled={!canChange}
                    />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
          {detail.pages > 1 && (
            <PageLinks label="Members pagination" page={detail.page} pages={detail.pages} href={(page) => groupHref(detail.id, { q, page })} className="mt-3" />
          )}
        </section>
      )}
    </>
  );
}
