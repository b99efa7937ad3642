import type { Metadata } from "next";
import { PortalBar } from "@/components/shell/message-page";
import { env, oidcConfigured } from "@/env";
import { signInErrorMessage } from "@/lib/auth-messages";
import { safeCallbackPath } from "@/lib/roles";
import { db } from "@/server/db";
import { listDemoAccounts } from "@/server/auth/users";
import { SignInPanel } from "./sign-in-panel";

export const metadata: Metadata = { title: "Sign in" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const demo = env.DEMO_MODE ? { password: env.DEMO_PASSWORD, accounts: await listDemoAccounts(db()) } : null;

  return (
    <div className="flex min-h-screen flex-col">
      <PortalBar />
      <main className="flex flex-1 flex-col items-center px-4 py-10 sm:py-16">
        <SignInPanel
          callbackUrl={safeCallbackPath(first(params.callbackUrl))}
          initialError={signInErrorMessage(first(params.error))}
          oidc={oidcConfigured ? { name: env.OIDC_DISPLAY_NAME } : null}
          demo={demo}
        />
      </main>
    </div>
  );
}
