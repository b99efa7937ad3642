import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <>
      <PageHeader title="Users" />
      <NotBuiltYet>
        list the users of the organization with each one&apos;s licenses and their source — direct, auto-claim policy or group — and let a Global admin assign and unassign licenses.
      </NotBuiltYet>
    </>
  );
}
