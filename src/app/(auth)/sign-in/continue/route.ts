import { landingPath, safeCallbackPath } from "@/lib/roles";
import { getCurrentUser } from "@/server/auth/guards";

/**
 * Where every sign-in ends (credentials and OIDC alike): the callback URL if it is a safe path on
 * this site (safeCallbackPath), else Home for admins and the launch page for users. Relative
 * redirects, so any host and port work; never to another origin.
 */
export async function GET(request: Request) {
  const callbackUrl = safeCallbackPath(new URL(request.url).searchParams.get("callbackUrl"));
  const user = await getCurrentUser();
  const location = user
    ? landingPath(user.role, callbackUrl)
    : `/sign-in?${new URLSearchParams({ error: "SessionEnded", ...(callbackUrl ? { callbackUrl } : {}) })}`;
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
