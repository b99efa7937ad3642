/**
 * What the sign-in page says for each error code next-auth (or our callbacks) report, in the plain
 * words of Microsoft's sign-in page. Unknown codes get a generic message, never the raw code alone.
 */

/**
 * Sign-in throttling (src/server/auth/throttle.ts) says how long to wait: one code per whole minute
 * left, e.g. "AccountLocked-15", up to the 15 minutes an account or address waits.
 */
export const LOCKED_MAX_MINUTES = 15;
const LOCKED_CODES = { account: "AccountLocked", address: "AddressLocked" } as const;

/** The error code of a sign-in refused by throttling, with the wait rounded up to whole minutes. */
export function signInLockedCode(scope: keyof typeof LOCKED_CODES, retryAfterMs: number): string {
  const minutes = Math.min(LOCKED_MAX_MINUTES, Math.max(1, Math.ceil(retryAfterMs / 60_000)));
  return `${LOCKED_CODES[scope]}-${minutes}`;
}

function lockedMessages(scope: keyof typeof LOCKED_CODES, what: string): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: LOCKED_MAX_MINUTES }, (_, i) => [
      `${LOCKED_CODES[scope]}-${i + 1}`,
      `${what} Wait ${i + 1} ${i === 0 ? "minute" : "minutes"}, then try again.`,
    ]),
  );
}

export const SIGN_IN_ERRORS: Record<string, string> = {
  ...lockedMessages("account", "Too many failed sign-ins for this account."),
  ...lockedMessages("address", "Too many failed sign-ins from your network address."),
  CredentialsSignin: "Your account or password is incorrect.",
  AccountDisabled: "Your account has been disabled. Ask your administrator to turn it back on.",
  OidcNoAccount:
    "You signed in with your organization's identity provider, but there is no user with that name in this portal. Ask your administrator to add you.",
  OidcAccountDisabled:
    "You signed in with your organization's identity provider, but your account in this portal is disabled. Ask your administrator to turn it back on.",
  OidcNoUsername: "Your identity provider did not tell us your user name (preferred_username or upn). Ask your administrator to check the app registration.",
  OidcNoSubject: "Your identity provider did not identify your account (no subject). Ask your administrator to check the app registration.",
  OidcWrongTenant: "You signed in with an account from another organization. Sign in with your work account in this organization's directory.",
  OidcSubjectMismatch:
    "This account is linked to a different identity at your organization's identity provider, so you can't sign in with this one. Ask your administrator to check your account.",
  OidcSubjectInUse: "The identity you signed in with is already linked to another account in this portal. Ask your administrator to check your account.",
  SessionEnded: "Your session has ended. Sign in again.",
  OAuthSignin: "We couldn't start sign-in with your identity provider. Try again, or ask your administrator.",
  OAuthCallback: "Your identity provider's answer could not be verified. Try again.",
  Callback: "Sign-in could not be completed. Try again.",
  AccessDenied: "You are not allowed to sign in here.",
  Configuration: "Sign-in is not configured correctly on the server. Ask your administrator to check the server logs.",
};

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  // Own keys only: "__proto__" or "constructor" in the URL is an unknown code, not Object.prototype's.
  return Object.hasOwn(SIGN_IN_ERRORS, code) ? SIGN_IN_ERRORS[code] : "Sign-in failed. Try again.";
}
