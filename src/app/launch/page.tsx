import type { Metadata } from "next";
import Link from "next/link";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";
import { TopBar } from "@/components/shell/top-bar";
import { canReadConsole } from "@/lib/roles";
import { requireUser } from "@/server/auth/guards";

export const metadata: Metadata = { title: "App launch (demo)" };

/** The demo app-launch page: any signed-in user may open it. */
export default async function LaunchPage() {
  const user = await requireUser();
  const admin = canReadConsole(user.role);
  return (
    <div className="flex min-h-screen flex-col">
      <TopBar user={user} homeHref={admin ? "/" : "/launch"} />
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-8">
        {admin && (
          <p className="mb-4">
            <Link href="/" className="text-brand hover:underline">
              ‹ Back to the admin center
            </Link>
          </p>
        )}
        <PageHeader
          title="App launch (demo)"
          description="Open an app as a person in your organization would, and see whether a license is claimed for you."
        />
        <NotBuiltYet>
          let you pick a demo user (or be yourself), see the apps with their environment and premium badges, press{" "}
          <strong>Launch</strong>, and land on the app&apos;s running page or on a plain explanation of why you were refused, with{" "}
          <strong>Request a license</strong>. It comes with the auto-claim engine.
        </NotBuiltYet>
      </main>
    </div>
  );
}
