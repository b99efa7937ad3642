import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Policy details" };

export default function PolicyDetailsPage() {
  return (
    <>
      <PageHeader title="Policy details" crumbs={[{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }]} />
      <NotBuiltYet>
        show one auto-claim policy and let a Global admin turn it on or off, rename it, change its products (add or remove backups, move them up or down), their service plans and its group, or delete it, and open its report.
      </NotBuiltYet>
    </>
  );
}
