/**
 * SCIM PATCH (RFC 7644 §3.5.2), applied by scim-patch to the resource as this server shows it; the
 * result is then checked by the resource's own schema, like a PUT body. The op is matched in any
 * letter case (Entra sends `Replace`, `Add`, `Remove`); a no-path `add`/`replace` takes an object
 * whose keys may be paths (`name.givenName`, `emails[type eq "work"].value`, the enterprise
 * extension's `urn:…:User:department`). A `remove` whose target is already gone is a no-op, so a
 * repeated removal succeeds as the first did.
 */
import { scimPatch, type ScimPatchOperation, type ScimResource } from "scim-patch";
import { z } from "zod";
import { ScimError, type ScimType } from "./route";

export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MAX_OPERATIONS = 1000;

const patchBody = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(PATCH_SCHEMA), { error: `schemas must include ${PATCH_SCHEMA}.` }),
  Operations: z
    .array(
      z.object({
        op: z
          .string({ error: "op is required." })
          .transform((op) => op.toLowerCase())
          .pipe(z.enum(["add", "replace", "remove"], { error: "op must be add, replace or remove." })),
        path: z.string().max(1000, { error: "path is at most 1000 characters." }).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1, { error: "Operations must not be empty." })
    .max(MAX_OPERATIONS, { error: `At most ${MAX_OPERATIONS} operations.` }),
});

type Op = { op: "add" | "replace" | "remove"; path?: string; value?: unknown };

/** A no-path add/replace whose value's keys are paths: one operation per such key. */
function expand(op: Op): Op[] {
  if (op.op === "remove" || op.path !== undefined) return [op];
  if (!op.value || typeof op.value !== "object" || Array.isArray(op.value)) {
    throw new ScimError(400, "invalidValue", `An ${op.op} without a path takes an object of attributes.`);
  }
  const plain: Record<string, unknown> = {};
  const pathed: Op[] = [];
  for (const [key, value] of Object.entries(op.value)) {
    if (/[.[]/.test(key) || /^urn:.*:User:[A-Za-z]/.test(key)) pathed.push({ op: op.op, path: key, value });
    else plain[key] = value;
  }
  return [...(Object.keys(plain).length > 0 ? [{ op: op.op, value: plain }] : []), ...pathed];
}

const SCIM_TYPES = new Set<string>(["invalidFilter", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "mutability"]);

export function applyPatch<T extends Record<string, unknown>>(resource: T, body: unknown): T {
  const parsed = patchBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScimError(400, "invalidSyntax", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  let current = { ...resource, meta: { ...(resource.meta as object), created: new Date(0), lastModified: new Date(0) } } as unknown as ScimResource;
  for (const op of parsed.data.Operations.flatMap(expand)) {
    if (op.path !== undefined && /^(id|meta)(\.|$)/i.test(op.path)) throw new ScimError(400, "mutability", `${op.path} cannot be changed.`);
    try {
      current = scimPatch(current, [op as ScimPatchOperation], { mutateDocument: false, treatMissingAsAdd: true });
    } catch (error) {
      const code = (error as { scimCode?: string }).scimCode;
      if (op.op === "remove" && (code === "noTarget" || /not found|no target/i.test(String((error as Error).message)))) continue;
      if (code !== undefined || error instanceof Error) {
        const scimType = (code && SCIM_TYPES.has(code) ? code : "invalidValue") as ScimType;
        throw new ScimError(400, scimType, `${op.op} ${op.path ?? ""}: ${(error as Error).message}`.replace(/\s+:/, ":"));
      }
      throw error;
    }
  }
  return current as unknown as T;
}
