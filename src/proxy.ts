import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the path (and query) of the page asked for to server components, so that requireUser()
 * can send a signed-out visitor to /sign-in?callbackUrl=<that path>. It authorises nothing: the
 * guards do, in every page and action.
 */
// The header is read by requireUser() (PATHNAME_HEADER in src/server/auth/guards.ts).
export function proxy(request: NextRequest) {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc"); // Next's cache-busting parameter on client navigations
  const headers = new Headers(request.headers);
  headers.set("x-pathname", `${url.pathname}${url.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|graph/|_next/static|_next/image|favicon.ico).*)"],
};
