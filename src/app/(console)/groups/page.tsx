import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Groups" };

export default function GroupsPage() {
  return (
    <>
      <PageHeader title="Groups" />
      <NotBuiltYet>
        list the security groups with their members and their group license assignments (group-based licensing).
      </NotBuiltYet>
    </>
  );
}
