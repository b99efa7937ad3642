/**
 * What the sign-in page says for each error code next-auth (or our callbacks) report, in the plain
 * words of Microsoft's sign-in page. Unknown codes get a generic message, never the raw code alone.
 */
export const SIGN_IN_ERRORS: Record<string, string> = {
  CredentialsSignin: "Your account or password is incorrect.",
  AccountDisabled: "Your account has been disabled. Ask your administrator to turn it back on.",
  OidcNoAccount:
    "You signed in with your organization's identity provider, but there is no user with that name in this portal. Ask your administrator to add you.",
  OidcAccountDisabled:
    "You signed in with your organization's identity provider, but your account in this portal is disabled. Ask your administrator to turn it back on.",
  OidcNoUsername: "Your identity provider did not tell us your user name (preferred_username, upn or email). Ask your administrator to check the app registration.",
  SessionEnded: "Your session has ended. Sign in again.",
  OAuthSignin: "We couldn't start sign-in with your identity provider. Try again, or ask your administrator.",
  OAuthCallback: "Your identity provider's answer could not be verified. Try again.",
  Callback: "Sign-in could not be completed. Try again.",
  AccessDenied: "You are not allowed to sign in here.",
  Configuration: "Sign-in is not configured correctly on the server. Ask your administrator to check the server logs.",
};

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_ERRORS[code] ?? "Sign-in failed. Try again.";
}
