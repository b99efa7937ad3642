/** What Next passes a route handler as its second argument. */
export type RouteArgs = { params: Promise<Record<string, string | string[]> | undefined> };

/**
 * A route's params as plain strings (catch-all segments joined with "/"). Next passes a params
 * promise even to static routes, where it resolves to undefined: that is an empty record here.
 */
export async function routeParams(route: RouteArgs | undefined): Promise<Record<string, string>> {
  const raw = (route ? await route.params : undefined) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}
