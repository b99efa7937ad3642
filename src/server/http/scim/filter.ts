/**
 * SCIM list filters (RFC 7644 §3.4.2.2), parsed by scim2-parse-filter. What this server answers is
 * what Entra's provisioning service sends: `eq` on the resource's identity attributes, joined by
 * `and`. Anything else — another operator, an unknown attribute, a value that is not a string, text
 * that does not parse — is a 400 `invalidFilter`, never a guess.
 */
import { parse, type Filter } from "scim2-parse-filter";
import { ScimError } from "./route";

/** Each condition `attribute eq "value"`, the attribute as the caller's `allowed` spells it. */
export type EqualityFilter = { attribute: string; value: string }[];

const MAX_FILTER = 1000;

/** The filter's conditions, all to hold; [] without a filter. Attribute names are case-insensitive (RFC 7643 §2.1). */
export function parseEqualityFilter(text: string | null, allowed: readonly string[]): EqualityFilter {
  if (text === null || text.trim() === "") return [];
  if (text.length > MAX_FILTER) throw new ScimError(400, "invalidFilter", `The filter is longer than ${MAX_FILTER} characters.`);
  let ast: Filter;
  try {
    ast = parse(text);
  } catch {
    throw new ScimError(400, "invalidFilter", `The filter does not parse: ${text}`);
  }
  const out: EqualityFilter = [];
  const walk = (node: Filter): void => {
    if (node.op === "and") return node.filters.forEach(walk);
    if (node.op !== "eq") throw new ScimError(400, "invalidFilter", `Only eq filters (joined by and) are supported, not ${node.op}.`);
    const attribute = allowed.find((a) => a.toLowerCase() === node.attrPath.toLowerCase());
    if (!attribute) throw new ScimError(400, "invalidFilter", `Filtering on ${node.attrPath} is not supported: use ${allowed.join(", ")}.`);
    if (typeof node.compValue !== "string") throw new ScimError(400, "invalidFilter", `${attribute} is compared with a string.`);
    out.push({ attribute, value: node.compValue });
  };
  walk(ast);
  return out;
}
