import type { Metadata } from "next";
import Link from "next/link";
import { DecisionForm } from "@/components/requests/decision-form";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { PageLinks } from "@/components/ui/pagination";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { first, pageNumber } from "@/lib/search-params";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listRequests, requestProductOptions } from "@/server/domain/requests/service";
import { approveRequestAction, denyRequestAction } from "./actions";

export const metadata: Metadata = { title: "License requests" };

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const STATUS = { PENDING: "Pending", APPROVED: "Approved", DENIED: "Denied", ALREADY_LICENSED: "Already licensed" } as const;
const REASONS: Record<string, string> = {
  NO_LICENSES_AVAILABLE: "No licenses were left",
  POLICY_CAP_REACHED: "The policy held all the licenses it may assign",
  OUT_OF_SCOPE: "Outside the policy's environments",
  POLICY_OFF: "The policy was off",
  NO_POLICY: "No auto-claim policy",
  FEATURE_OFF: "Auto-claim was off",
};

export default async function LicenseRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const sp = await searchParams;
  const view = first(sp.view) === "completed" ? "completed" : "pending";
  const page = pageNumber.parse(sp.page);
  const canChange = hasRole(user.role, ADMIN_ROLES);
  const [list, products] = await Promise.all([listRequests(db(), user.tenantId, view, { page }), requestProductOptions(db(), user.tenantId)]);

  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="requests" />
      <p className="mb-4 max-w-3xl text-ink-3">
        People who were refused a license when they opened an app can ask for one. Approving assigns the license you choose; the person sees your decision and
        your message on the app launch page.
      </p>

      <nav aria-label="Request status" className="mb-4">
        <ul className="flex gap-2">
          {(["pending", "completed"] as const).map((v) => (
            <li key={v}>
              <Link
                href={v === "pending" ? "/billing/licenses/requests" : "/billing/licenses/requests?view=completed"}
                aria-current={v === view ? "page" : undefined}
                className={`inline-block rounded-full border px-3 py-1 ${v === view ? "border-brand bg-brand-subtle font-semibold text-brand" : "border-line-strong bg-white text-ink-2 hover:bg-canvas"}`}
              >
                {v === "pending" ? `Pending (${list.pending})` : `Completed (${list.completed})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!canChange && view === "pending" && (
        <p className="mb-3 text-xs text-ink-3">Reports readers can read requests. Only a Global admin can approve or deny them.</p>
      )}

      <section aria-label={view === "pending" ? "Pending requests" : "Completed requests"} className="rounded-md border border-line bg-white shadow-sm">
        {list.rows.length === 0 ? (
          <p className="px-5 py-8 text-center text-ink-3">{view === "pending" ? "No pending requests." : "No completed requests yet."}</p>
        ) : (
          <ul className="divide-y divide-line" data-testid="requests-list">
            {list.rows.map((r) => {
              const suggested = r.app ? products.suggested[r.app.autoClaimApp] : undefined;
              const choices = r.app ? products.options.filter((o) => o.app === r.app!.autoClaimApp) : products.options;
              return (
                <li key={r.id} className="grid gap-4 px-5 py-4 lg:grid-cols-[1fr_22rem]" data-testid="request">
                  <div>
                    <p>
                      <Link href={`/users?user=${r.user.id}`} className="font-semibold text-brand hover:underline">
                        {r.user.displayName}
                      </Link>{" "}
                      <span className="text-ink-3">{r.user.userPrincipalName}</span>
                    </p>
                    <p className="mt-1 text-ink-2">
                      {r.app ? (
                        <>
                          Wants to open <span className="font-semibold">{r.app.name}</span> ({r.app.environment.name})
                        </>
                      ) : (
                        "Asked for a license"
                      )}
                      {r.launch && REASONS[r.launch.reason] ? ` · ${REASONS[r.launch.reason]}` : ""} · asked {when(r.createdAt)}
                    </p>
                    {r.message && <p className="mt-1 border-l-2 border-line-strong pl-2 italic text-ink-2">“{r.message}”</p>}
                    {r.status !== "PENDING" && (
                      <p className="mt-2">
                        <span
                          className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${r.status === "DENIED" ? "bg-danger-subtle text-danger" : "bg-success-subtle text-success"}`}
                        >
                          {STATUS[r.status]}
                        </span>{" "}
                        <span className="text-ink-3">
                          {r.status !== "DENIED" && r.product ? `${r.product.displayName} · ` : ""}
                          {r.decidedAt ? when(r.decidedAt) : ""}
                          {r.decidedBy ? ` by ${r.decidedBy.userPrincipalName}` : r.status === "ALREADY_LICENSED" ? " · closed by itself" : ""}
                        </span>
                        {r.decisionMessage && <span className="block text-ink-2">Message: “{r.decisionMessage}”</span>}
                      </p>
                    )}
                  </div>
                  {r.status === "PENDING" && (
                    <DecisionForm
                      approve={approveRequestAction}
                      deny={denyRequestAction}
                      requestId={r.id}
                      who={r.user.displayName}
                      products={choices}
                      suggested={suggested}
                      disabled={!canChange}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {list.pages > 1 && (
          <PageLinks
            label="Pagination"
            page={list.page}
            pages={list.pages}
            href={(page) => `/billing/licenses/requests?view=${view}&page=${page}`}
            className="border-t border-line px-5 py-3"
          />
        )}
      </section>
    </>
  );
}
