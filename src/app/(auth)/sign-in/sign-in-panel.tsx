"use client";

import { signIn } from "next-auth/react";
import { useRef, useState } from "react";
import { signInErrorMessage } from "@/lib/auth-messages";
import { ROLE_LABELS, type Role } from "@/lib/roles";
import { DataTable, type Column } from "@/components/ui/table";

const DEMO_COLUMNS: Column[] = [
  { label: "Account", className: "py-1.5 pr-2" },
  { label: "Role", className: "py-1.5 pr-2" },
  { label: "Action", srOnly: true, className: "py-1.5" },
];

interface DemoAccount {
  upn: string;
  displayName: string;
  role: Role;
}

interface Props {
  callbackUrl: string | null;
  initialError: string | null;
  oidc: { name: string } | null;
  demo: { password: string; accounts: DemoAccount[] } | null;
}

/** After any sign-in, /sign-in/continue sends people where their role belongs (or to callbackUrl). */
function continueUrl(callbackUrl: string | null): string {
  return callbackUrl ? `/sign-in/continue?${new URLSearchParams({ callbackUrl })}` : "/sign-in/continue";
}

const inputClass =
  "mt-1 block w-full border-0 border-b border-ink-3 bg-transparent px-0 py-1.5 text-base text-ink placeholder:text-ink-3 focus:border-brand focus:outline-none focus:ring-0 aria-[invalid=true]:border-danger";

export function SignInPanel({ callbackUrl, initialError, oidc, demo }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError("Enter your user name and password.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { redirect: false, username: username.trim(), password });
    if (result?.ok && !result.error) {
      window.location.assign(continueUrl(callbackUrl));
      return; // keep the button busy while the next page loads
    }
    setPending(false);
    setError(signInErrorMessage(result?.error ?? "Callback"));
  }

  function use(account: DemoAccount) {
    setUsername(account.upn);
    setPassword(demo?.password ?? "");
    setError(null);
    submitRef.current?.focus();
  }

  return (
    <div className="w-full max-w-[440px]">
      <section aria-labelledby="sign-in-heading" className="bg-white p-8 shadow-[0_2px_6px_rgba(0,0,0,0.2)] sm:p-11">
        <p className="text-xs font-semibold uppercase tracking-wide text-ink-3">Auto-claim portal</p>
        <h1 id="sign-in-heading" className="mt-3 text-2xl font-semibold">
          Sign in
        </h1>

        {error && (
          <p role="alert" className="mt-3 text-danger" data-testid="sign-in-error">
            {error}
          </p>
        )}

        {demo ? (
          <form onSubmit={onSubmit} noValidate className="mt-4 space-y-5">
            <div>
              <label htmlFor="username" className="text-ink-2">
                Email or user name
              </label>
              <input
                id="username"
                name="username"
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                placeholder="someone@contoso.com"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                aria-invalid={error ? true : undefined}
                className={inputClass}
              />
            </div>
            <div>
              <label htmlFor="password" className="text-ink-2">
                Password
              </label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={error ? true : undefined}
                className={inputClass}
              />
            </div>
            <div className="flex justify-end pt-2">
              <button
                ref={submitRef}
                type="submit"
                disabled={pending}
                className="min-w-27 bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover active:bg-brand-pressed disabled:opacity-70"
              >
                {pending ? "Signing in…" : "Sign in"}
              </button>
            </div>
          </form>
        ) : null}

        {oidc && (
          <div className={demo ? "mt-6 border-t border-line pt-6" : "mt-6"}>
            <button
              type="button"
              onClick={() => void signIn("oidc", { callbackUrl: continueUrl(callbackUrl) })}
              className="flex w-full items-center justify-center gap-2 border border-line-strong bg-white px-4 py-2 font-semibold text-ink hover:bg-canvas"
            >
              Sign in with {oidc.name}
            </button>
          </div>
        )}

        {!demo && !oidc && (
          <p className="mt-4 text-ink-2">
            No sign-in method is configured. Set <code>OIDC_ISSUER</code>, <code>OIDC_CLIENT_ID</code> and <code>OIDC_CLIENT_SECRET</code>, or run in demo mode
            (<code>DEMO_MODE=true</code>).
          </p>
        )}
      </section>

      {demo && (
        <section aria-labelledby="demo-heading" className="mt-6 bg-white p-6 shadow-[0_2px_6px_rgba(0,0,0,0.12)]">
          <h2 id="demo-heading" className="font-semibold">
            Demo accounts
          </h2>
          <p className="mt-1 text-ink-3">
            Every demo account uses the password{" "}
            <code className="rounded bg-canvas px-1 py-0.5 text-ink" data-testid="demo-password">
              {demo.password}
            </code>
            .
          </p>
          {demo.accounts.length === 0 ? (
            <p className="mt-3 text-ink-3">No demo accounts yet: seed the database (npm run db:seed).</p>
          ) : (
            <DataTable className="mt-3" testId="demo-accounts" columns={DEMO_COLUMNS}>
              {demo.accounts.map((account) => (
                <tr key={account.upn} className="border-b border-line last:border-0" data-role={account.role}>
                  <td className="py-2 pr-2">
                    <div className="font-semibold">{account.displayName}</div>
                    <div className="break-all text-xs text-ink-3" data-testid="demo-upn">
                      {account.upn}
                    </div>
                  </td>
                  <td className="py-2 pr-2 whitespace-nowrap">{ROLE_LABELS[account.role]}</td>
                  <td className="py-2 text-right">
                    <button
                      type="button"
                      onClick={() => use(account)}
                      aria-label={`Use ${account.upn}`}
                      className="rounded border border-line-strong px-3 py-1 font-semibold hover:bg-canvas"
                    >
                      Use
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      )}
    </div>
  );
}
