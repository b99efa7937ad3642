"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

/**
 * Signs out through next-auth, whose signOut event ends every session of the user on the server
 * (src/server/auth/sessions.ts): a copy of the cookie no longer opens anything, in any process.
 */
export function SignOutButton({ className = "" }: { className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        // If the request fails (offline), the button comes back so that it can be tried again.
        signOut({ callbackUrl: "/sign-in" }).catch(() => setPending(false));
      }}
      className={`rounded px-3 py-1.5 text-sm font-semibold disabled:opacity-60 ${className}`}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
