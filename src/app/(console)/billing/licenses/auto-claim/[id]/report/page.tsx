import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Auto-claim report" };

export default function AutoClaimReportPage() {
  return (
    <>
      <PageHeader title="Auto-claim report" crumbs={[{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }]} />
      <NotBuiltYet>
        list the users whose license this policy assigned in the last 1, 7, 30 or 90 days or all time — user, UPN, product, assigned at, triggering app and environment — with search, sorting, paging, a chart of claims per day and <strong>Export CSV</strong>, and let a Global admin unassign those licenses or move the people to group-based licensing.
      </NotBuiltYet>
    </>
  );
}
