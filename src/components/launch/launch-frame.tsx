import Link from "next/link";
import { TopBar } from "@/components/shell/top-bar";
import { canReadConsole } from "@/lib/roles";
import type { CurrentUser } from "@/server/auth/guards";

/** The frame of the demo launch pages: the top bar, and the way back to the admin center for admins. */
export function LaunchFrame({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
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
        {children}
      </main>
    </div>
  );
}

export function Badge({ tone, children }: { tone: "brand" | "neutral" | "warning" | "success" | "danger"; children: React.ReactNode }) {
  const tones = {
    brand: "bg-brand-subtle text-brand",
    neutral: "bg-canvas text-ink-2 border border-line",
    warning: "bg-warning-subtle text-warning",
    success: "bg-success-subtle text-success",
    danger: "bg-danger-subtle text-danger",
  } as const;
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${tones[tone]}`}>{children}</span>;
}
