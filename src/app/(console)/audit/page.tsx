import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditLogPage() {
  return (
    <>
      <PageHeader title="Audit log" />
      <NotBuiltYet>
        list every admin change — who changed what, and when, with the values before and after — filterable by action, person and date.
      </NotBuiltYet>
    </>
  );
}
