import Link from "next/link";
import { ROLE_LABELS } from "@/lib/roles";
import type { CurrentUser } from "@/server/auth/guards";
import { SignOutButton } from "./sign-out-button";

/** The brand mark (public/brand-mark.svg), beside the product's name: decorative. */
export function ProductMark() {
  // eslint-disable-next-line @next/next/no-img-element -- a 24-px static SVG: nothing for next/image to optimise
  return <img src="/brand-mark.svg" alt="" width={24} height={24} className="size-6" />;
}

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase() || "?";
}

/** The blue bar across the top: product, tenant, the admins' notification bell, who is signed in (name, UPN, role) and Sign out. */
export function TopBar({ user, homeHref = "/", bell }: { user: CurrentUser; homeHref?: string; bell?: React.ReactNode }) {
  return (
    <header className="sticky top-0 z-20 flex h-12 items-center gap-3 bg-brand px-3 text-white sm:px-4">
      <Link href={homeHref} className="flex shrink-0 items-center gap-2 whitespace-nowrap rounded font-semibold focus-visible:outline-white">
        <ProductMark />
        <span>Auto-claim portal</span>
      </Link>
      <span aria-hidden="true" className="hidden h-5 w-px bg-white/40 sm:block" />
      <span className="hidden truncate sm:block" data-testid="tenant-name">
        <span className="sr-only">Organization: </span>
        {user.tenantName}
      </span>
      <div className="ml-auto flex min-w-0 items-center gap-3">
        {bell}
        <div className="min-w-0 text-right leading-tight" data-testid="signed-in-user">
          <div className="truncate font-semibold">{user.displayName}</div>
          <div className="hidden truncate text-xs text-white sm:block">
            <span className="sr-only">Signed in as </span>
            {user.upn}
            <span aria-hidden="true"> · </span>
            <span className="sr-only">, role: </span>
            {ROLE_LABELS[user.role]}
          </div>
        </div>
        <span aria-hidden="true" className="hidden size-8 shrink-0 place-items-center rounded-full bg-white text-xs font-semibold text-brand sm:grid">
          {initials(user.displayName)}
        </span>
        <SignOutButton className="shrink-0 whitespace-nowrap border border-white/60 text-white hover:bg-white/15" />
      </div>
    </header>
  );
}
