import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";
import { LicensesTabs } from "@/components/shell/licenses-tabs";

export const metadata: Metadata = { title: "Licenses" };

export default function LicensesPage() {
  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="products" />
      <NotBuiltYet>
        show each product the organization has bought with its purchased, consumed and available units, and who holds each license and from which source.
      </NotBuiltYet>
    </>
  );
}
