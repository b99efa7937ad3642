/**
 * The OData query options the Graph-compatible API understands: `$top`, `$select`, `$filter` (one
 * clause: `prop eq '…'` or `startswith(prop,'…')`), `$skiptoken` (opaque, from `@odata.nextLink`)
 * and `$count`. Anything else that starts with `$` is refused, so that a script never receives an
 * answer that silently ignored its `$orderby` or `$expand`.
 */
import { DomainError } from "@/server/domain/errors";
import { isUuid } from "@/server/domain/users/lookup";

/** A query Graph would refuse, with Graph's code (`Request_BadRequest`, `Request_UnsupportedQuery`). */
export class GraphQueryError extends DomainError {
  constructor(message: string, code: "Request_BadRequest" | "Request_UnsupportedQuery" = "Request_BadRequest") {
    super(message, { code, httpStatus: 400 });
  }
}

export interface FilterClause {
  property: string;
  op: "eq" | "startswith";
  value: string;
}

export interface ODataQuery {
  top: number;
  /** Properties asked for with $select, or null for the default set. */
  select: string[] | null;
  filter: FilterClause | null;
  /** The id after which the page starts (decoded from $skiptoken). */
  after: string | null;
  count: boolean;
}

export interface ResourceQueryRules {
  /** The Graph type's name, for messages: "microsoft.graph.user". */
  type: string;
  /** Properties `eq` may filter on. */
  eq: readonly string[];
  /** Properties `startswith` may filter on. */
  startswith: readonly string[];
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;
const SUPPORTED_OPTIONS = new Set(["$top", "$select", "$filter", "$skiptoken", "$count"]);

/** A string literal: '…' with '' for a quote. */
const LITERAL = "'((?:[^']|'')*)'";
const EQ = new RegExp(`^([A-Za-z]+)\\s+eq\\s+${LITERAL}$`);
const STARTSWITH = new RegExp(`^startswith\\(\\s*([A-Za-z]+)\\s*,\\s*${LITERAL}\\s*\\)$`, "i");

export function parseFilter(text: string, rules: ResourceQueryRules): FilterClause {
  const trimmed = text.trim();
  const eq = EQ.exec(trimmed);
  const sw = eq ? null : STARTSWITH.exec(trimmed);
  const match = eq ?? sw;
  if (!match) {
    throw new GraphQueryError(
      `Unsupported or invalid query filter clause "${text}": use "property eq 'value'" or "startswith(property,'value')".`,
      "Request_UnsupportedQuery",
    );
  }
  const op = eq ? "eq" : "startswith";
  const allowed = op === "eq" ? rules.eq : rules.startswith;
  const property = allowed.find((p) => p.toLowerCase() === match[1].toLowerCase());
  if (!property) {
    throw new GraphQueryError(
      `Unsupported or invalid query filter clause specified for property '${match[1]}' of resource '${rules.type}'.`,
      "Request_UnsupportedQuery",
    );
  }
  const value = match[2].replace(/''/g, "'");
  if (property === "id" && !isUuid(value)) throw new GraphQueryError(`Invalid object identifier '${value}'.`);
  return { property, op, value };
}

/** $skiptoken values are opaque to clients: the id the next page starts after, base64url-encoded. */
export function encodeSkipToken(afterId: string): string {
  return Buffer.from(`v1:${afterId}`, "utf8").toString("base64url");
}

export function decodeSkipToken(token: string): string {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const id = text.startsWith("v1:") ? text.slice(3) : "";
  if (!isUuid(id)) throw new GraphQueryError("The $skiptoken is not valid; use the @odata.nextLink of the previous page as it is.");
  return id.toLowerCase();
}

/** Reads the query options of a collection request; refuses what this API does not support. */
export function parseCollectionQuery(params: URLSearchParams, rules: ResourceQueryRules): ODataQuery {
  for (const key of params.keys()) {
    if (key.startsWith("$") && !SUPPORTED_OPTIONS.has(key.toLowerCase())) {
      throw new GraphQueryError(
        `The query option '${key}' is not supported by this API (supported: $top, $select, $filter, $skiptoken, $count).`,
        "Request_UnsupportedQuery",
      );
    }
  }
  const get = (name: string) => {
    for (const [key, value] of params) if (key.toLowerCase() === name) return value;
    return null;
  };
  const topText = get("$top");
  const top = topText === null ? DEFAULT_PAGE_SIZE : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE || !/^\d+$/.test(topText ?? "1")) {
    throw new GraphQueryError(`Invalid page size specified: '${topText}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  }
  const filterText = get("$filter");
  const skiptoken = get("$skiptoken");
  const countText = get("$count");
  if (countText !== null && countText !== "true" && countText !== "false")
    throw new GraphQueryError(`Invalid value '${countText}' for $count: use true or false.`);
  return {
    top,
    select: parseSelect(get("$select")),
    filter: filterText === null ? null : parseFilter(filterText, rules),
    after: skiptoken === null ? null : decodeSkipToken(skiptoken),
    count: countText === "true",
  };
}

/** $select=a,b → ["a","b"]; an empty or absent $select → null (the default properties). */
export function parseSelect(text: string | null): string[] | null {
  if (text === null) return null;
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length ? names : null;
}

/**
 * Keeps the properties asked for with $select (matched case-insensitively, in the object's order),
 * and `@odata.*` annotations. Properties this API does not model are left out, not refused.
 */
export function applySelect<T extends Record<string, unknown>>(item: T, select: string[] | null): Partial<T> {
  if (!select) return item;
  const wanted = new Set(select.map((s) => s.toLowerCase()));
  return Object.fromEntries(Object.entries(item).filter(([key]) => key.startsWith("@odata.") || wanted.has(key.toLowerCase()))) as Partial<T>;
}

/** One page of a collection: the items, and the id to continue after when there are more. */
export interface Page<T> {
  items: T[];
  nextAfter: string | null;
  count?: number;
}

/** Cuts a `take: top + 1` result into a page. */
export function toPage<T extends { id: string }>(rows: T[], top: number): { rows: T[]; nextAfter: string | null } {
  const more = rows.length > top;
  const page = more ? rows.slice(0, top) : rows;
  return { rows: page, nextAfter: more ? page[page.length - 1].id : null };
}

/** Reads the query options of a single-resource request: only $select. */
export function parseSelectOnly(params: URLSearchParams): string[] | null {
  let select: string | null = null;
  for (const [key, value] of params) {
    if (!key.startsWith("$")) continue;
    if (key.toLowerCase() !== "$select")
      throw new GraphQueryError(`The query option '${key}' is not supported here (only $select is).`, "Request_UnsupportedQuery");
    select = value;
  }
  return parseSelect(select);
}
