import { textProblem } from "@/lib/text";
import { ValidationError } from "@/server/domain/errors";

/** What Next passes a route handler as its second argument. */
export type RouteArgs = { params: Promise<Record<string, string | string[]> | undefined> };

/** Longest path parameter accepted (characters, catch-all segments joined). */
export const MAX_PARAM_LENGTH = 1024;

/** A path parameter or query value that cannot be used: 400, beside the parameter's name. */
export class InputTextError extends ValidationError {
  readonly where: "path" | "query";
  constructor(where: "path" | "query", field: string, problem: string) {
    super(problem, { code: where === "path" ? "INVALID_PATH_PARAMETER" : "INVALID_QUERY_PARAMETER", field });
    this.where = where;
  }
}

/** The problem with a path parameter or query value, or null: too long, control characters, lone surrogates. */
export function paramProblem(value: string): string | null {
  if (value.length > MAX_PARAM_LENGTH) return `This value can be at most ${MAX_PARAM_LENGTH} characters.`;
  return textProblem(value);
}

/**
 * A route's params as plain strings (catch-all segments joined with "/"). Next passes a params
 * promise even to static routes, where it resolves to undefined: that is an empty record here.
 *
 * Next has already percent-decoded them (a segment that does not decode never gets this far: the
 * proxy answers 400, src/server/http/malformed-path.ts). What decoding can produce and no look-up
 * may receive — U+0000 and other control characters, lone surrogates, kilobytes of text — is
 * refused here with an InputTextError naming the parameter, which the wrappers answer with 400.
 */
export async function routeParams(route: RouteArgs | undefined): Promise<Record<string, string>> {
  const raw = (route ? await route.params : undefined) ?? {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v.join("/") : String(v);
    const problem = paramProblem(value);
    if (problem) throw new InputTextError("path", key, problem);
    out[key] = value;
  }
  return out;
}

/**
 * Every query parameter's name and value checked as text (the wrappers call this before any
 * handler reads the query): InputTextError naming the first bad parameter.
 */
export function checkQuery(url: URL): void {
  for (const [key, value] of url.searchParams) {
    const keyProblem = paramProblem(key);
    if (keyProblem) throw new InputTextError("query", "query", keyProblem);
    const problem = paramProblem(value);
    if (problem) throw new InputTextError("query", key, problem);
  }
}
