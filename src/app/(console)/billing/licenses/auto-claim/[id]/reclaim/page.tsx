import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/launch/launch-frame";
import { ModeSwitchButton, RunNowButton } from "@/components/reclaim/reclaim-action-button";
import { ReclaimRuleForm } from "@/components/reclaim/reclaim-rule-form";
import { RefreshWhile } from "@/components/reclaim/refresh-while";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Card, DataTable, EmptyState, NumberCell } from "@/components/ui/table";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listGroups } from "@/server/domain/groups/directory";
import { formatMoney } from "@/server/domain/licenses/cost";
import { getPolicy } from "@/server/domain/policies/service";
import { listRuns, type RunSkipReason, type RunView } from "@/server/domain/reclaim/runs";
import { dryRun, getReclaimRule } from "@/server/domain/reclaim/service";
import { runNowAction, saveReclaimRuleAction, setReclaimModeAction } from "./actions";

export const metadata: Metadata = { title: "Reclaim unused licenses" };

const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const number = new Intl.NumberFormat("en-US");
const SKIPPED = {
  IN_USE: "in use",
  GRACE: "claimed too recently",
  ALLOWLISTED_USER: "on the allowlist",
  ALLOWLISTED_GROUP: "in an allowlisted group",
  OVER_CAP: "over this run's cap (next run)",
} as const;
const RUN_SKIPPED: Record<RunSkipReason, string> = {
  ...SKIPPED,
  OVER_CAP: "due but over the run's cap (next run)",
  NOTICED: "already told, waiting for their release date",
  USED_AFTER_NOTICE: "used again after the notice (kept)",
  GONE: "no longer held through this policy",
  RULE_OFF: "the rule was off",
};
const TRIGGER = { DAILY: "Daily", MANUAL: "Run now", COMMAND: "npm run reclaim" } as const;
const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function runStatus(r: RunView): string {
  if (r.status === "REQUESTED") return "Requested — starts within a few seconds";
  if (r.status === "RUNNING") return "Running";
  if (r.status === "FAILED") return `Failed${r.error ? `: ${r.error}` : ""}`;
  return `Done ${when.format(r.finishedAt ?? r.requestedAt)} UTC`;
}

function runSkipped(r: RunView): string {
  const parts = (Object.entries(r.skipped) as [RunSkipReason, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${number.format(n)} ${RUN_SKIPPED[k] ?? k}`);
  return parts.length ? parts.join(" · ") : "—";
}

/**
 * A policy's reclaim rule (SPEC §8.3) and its dry run: who a run would release today, when, and the
 * units and money that frees. Every rule starts in report only.
 */
export default async function ReclaimPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const { id } = await params;
  const policy = await getPolicy(db(), user.tenantId, id);
  if (!policy) notFound();
  const now = new Date();
  const [rule, run, groups, runs] = await Promise.all([
    getReclaimRule(db(), user.tenantId, policy.id),
    dryRun(db(), user.tenantId, policy.id, now),
    listGroups(db(), user.tenantId),
    listRuns(db(), user.tenantId, policy.id),
  ]);
  const enforcing = rule.enabled && rule.mode === "ENFORCE";
  const readOnly = !hasRole(user.role, ADMIN_ROLES);
  const total = run.rows.length;
  const skipped = Object.entries(run.skipped).filter(([, n]) => n > 0) as [keyof typeof SKIPPED, number][];
  return (
    <>
      <PageHeader
        title="Reclaim unused licenses"
        crumbs={[
          { label: "Billing" },
          { label: "Licenses", href: "/billing/licenses" },
          { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" },
          { label: policy.name, href: `/billing/licenses/auto-claim/${policy.id}` },
        ]}
        description={`Licenses “${policy.name}” claimed and nobody uses: find them, warn their holders, and give them back to the pool.`}
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={ADMIN_ROLES} />}
      <div className="grid max-w-5xl gap-4">
        <Card
          id="rule-heading"
          title="Rule"
          description={
            enforcing ? (
              <>
                <Badge tone="danger">Enforce</Badge> Runs tell the holders of unused licenses and release them after the notice period.
              </>
            ) : rule.enabled ? (
              <>
                <Badge tone="warning">Report only</Badge> Runs list who would be released; nobody is told and nothing is released.
              </>
            ) : (
              "Off: no license is ever released."
            )
          }
        >
          <div className="px-5 py-4">
            <ReclaimRuleForm
              readOnly={readOnly}
              action={saveReclaimRuleAction}
              groups={groups.map((g) => ({ id: g.id, displayName: g.displayName }))}
              values={{
                policyId: policy.id,
                enabled: rule.enabled,
                inactivityDays: rule.inactivityDays,
                graceDays: rule.graceDays,
                noticeDays: rule.noticeDays,
                capPercent: rule.capPercent,
                allowUsers: rule.allowUsers.map((u) => u.userPrincipalName).join("\n"),
                allowGroupIds: rule.allowGroups.map((g) => g.id),
              }}
            />
          </div>
        </Card>

        <Card
          id="runs-heading"
          title="Runs"
          testId="reclaim-runs"
          description={
            rule.enabled
              ? "A run happens every day, and when you choose Run now. In report only it records whom it would reach; in enforce it tells them, and releases the licenses whose notice period has passed."
              : "Turn the rule on to run it."
          }
        >
          <div className="flex flex-wrap items-start gap-3 px-5 py-4">
            <ModeSwitchButton action={setReclaimModeAction} policyId={policy.id} enforcing={enforcing} disabled={readOnly || !rule.enabled} />
            <RunNowButton action={runNowAction} policyId={policy.id} disabled={readOnly || !rule.enabled} />
          </div>
          <RefreshWhile active={runs.some((r) => r.status === "REQUESTED" || r.status === "RUNNING")} />
          {runs.length === 0 ? (
            <EmptyState>No runs yet.</EmptyState>
          ) : (
            <DataTable
              caption="Runs of this rule, newest first"
              columns={[
                "Run",
                "Mode",
                "Status",
                { label: "Candidates", numeric: true },
                { label: "Notices sent", numeric: true },
                { label: "Released", numeric: true },
                "Passed over",
              ]}
            >
              {runs.map((r) => (
                <tr key={r.id} className="border-b border-line align-top last:border-0" data-testid="reclaim-run">
                  <th scope="row" className="px-5 py-2 text-left font-normal">
                    {TRIGGER[r.trigger]}{" "}
                    <span className="block text-ink-3">
                      {when.format(r.requestedAt)} UTC{r.trigger === "MANUAL" ? ` by ${r.requestedByLabel}` : ""}
                    </span>
                  </th>
                  <td className="px-3 py-2">{r.mode === "ENFORCE" ? "Enforce" : "Report only"}</td>
                  <td className="px-3 py-2" data-testid="reclaim-run-status">
                    {runStatus(r)}
                  </td>
                  <NumberCell className="px-3 py-2">{number.format(r.candidates)}</NumberCell>
                  <NumberCell className="px-3 py-2">{number.format(r.noticesSent)}</NumberCell>
                  <NumberCell className="px-3 py-2">{number.format(r.released)}</NumberCell>
                  <td className="px-5 py-2 text-ink-3">{runSkipped(r)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>

        <Card
          id="dry-run-heading"
          title="Dry run: who a run would release today"
          testId="dry-run"
          description={
            total === 0
              ? "Nobody: every license of this policy is in use, too new, or on the allowlist."
              : `${number.format(total)} license${total === 1 ? "" : "s"} (${run.units.map((u) => `${u.productName} ${number.format(u.units)}`).join(", ")})` +
                (run.monthlySavings.length > 0 ? `, saving ${run.monthlySavings.map((s) => formatMoney(s.amount, s.currency)).join(" + ")} a month.` : ".")
          }
        >
          <p className="px-5 pt-3">
            <a href={`/api/exports/policies/${policy.id}/reclaim-dry-run`} className="font-semibold text-brand hover:underline" download>
              Download the dry run (CSV)
            </a>
          </p>
          {skipped.length > 0 && (
            <p className="px-5 pt-3 text-ink-3" data-testid="dry-run-skipped">
              Kept: {skipped.map(([reason, n]) => `${number.format(n)} ${SKIPPED[reason]}`).join(" · ")}.
            </p>
          )}
          {total === 0 ? (
            <EmptyState>Change the rule to see whom it would reach.</EmptyState>
          ) : (
            <DataTable
              caption="Licenses a run would release, longest unused first"
              columns={["User", "Product", "Last used", { label: "Days unused", numeric: true }, "Would be released"]}
            >
              {run.rows.slice(0, 200).map((r) => (
                <tr key={r.assignmentId} className="border-b border-line last:border-0" data-testid="dry-run-row">
                  <th scope="row" className="px-5 py-2 text-left font-normal">
                    <Link href={`/users?user=${r.userId}`} className="font-semibold text-brand hover:underline">
                      {r.displayName}
                    </Link>{" "}
                    <span className="text-ink-3">{r.userPrincipalName}</span>
                  </th>
                  <td className="px-3 py-2">{r.productName}</td>
                  <td className="px-3 py-2">{day.format(r.lastUsedAt)}</td>
                  <NumberCell className="px-3 py-2">{number.format(r.idleDays)}</NumberCell>
                  <td className="px-5 py-2">{day.format(r.releaseOn)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {total > 200 && <p className="px-5 py-3 text-ink-3">The first 200 of {number.format(total)}, longest unused first.</p>}
        </Card>
      </div>
    </>
  );
}
