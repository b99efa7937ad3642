import Link from "next/link";
import { MessagePage } from "@/components/shell/message-page";
import { SignOutButton } from "@/components/shell/sign-out-button";

/**
 * The 403 page, rendered by forbidden() (requireRole) — e.g. a User opening the admin center, or a
 * License administrator opening API tokens. Static on purpose: Next renders this boundary with every route, static ones included.
 */
export default function Forbidden() {
  return (
    <MessagePage title="You don't have access to this page">
      <p>
        Your role doesn&apos;t include this page. The admin center is for Global admins, License administrators and Reports readers; API tokens and webhooks are
        for Global admins (Reports readers can read them). If you need access, ask a Global admin of your organization.
      </p>
      <p>To open an app and get a license when you need one, go to the app launch page.</p>
      <div className="flex flex-wrap items-center gap-3 pt-2">
        <Link href="/launch" className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover">
          Go to App launch
        </Link>
        <SignOutButton className="border border-line-strong text-ink hover:bg-canvas" />
      </div>
    </MessagePage>
  );
}
