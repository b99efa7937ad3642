import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Add a policy" };

export default function AddAPolicyPage() {
  return (
    <>
      <PageHeader title="Add a policy" crumbs={[{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }]} />
      <NotBuiltYet>
        walk a Global admin through adding an auto-claim policy in four steps — name it; set the auto-claim app and product, with up to 4 backup products and an optional group; select the apps (service plans) of each product; review and finish — and save nothing until <strong>Create policy</strong>.
      </NotBuiltYet>
    </>
  );
}
