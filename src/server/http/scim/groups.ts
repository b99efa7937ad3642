/**
 * SCIM Group resources (RFC 7643 §4.2) and this product's groups: displayName, externalId (Entra's
 * object id) and members (`value` = a user's id). A PATCH is applied by scim-patch to the group as
 * SCIM shows it; the members it adds and removes are then changed through the groups domain, the
 * same code as the console's (licences and their error states follow).
 */
import { z } from "zod";
import type { GroupChanges, ProvisionedGroup } from "@/server/domain/groups/provisioning";
import { applyPatch } from "./patch";
import { ScimError } from "./route";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export function toScimGroup(group: ProvisionedGroup, base: string, { members = true }: { members?: boolean } = {}): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(members ? { members: group.members.map((m) => ({ value: m.id, display: m.displayName, $ref: `${base}/Users/${m.id}` })) } : {}),
    meta: { resourceType: "Group", created: group.createdAt.toISOString(), location: `${base}/Groups/${group.id}` },
  };
}

const member = z.object({
  value: z.string({ error: "A member needs a value (the user's id)." }).trim().max(64, { error: "A member's value is at most 64 characters." }),
});

export const scimGroupSchema = z.object({
  displayName: z
    .string({ error: "displayName is required." })
    .trim()
    .min(1, { error: "displayName is required." })
    .max(256, { error: "displayName is at most 256 characters." }),
  externalId: z
    .union([z.string().trim().max(256, { error: "At most 256 characters." }), z.null()])
    .optional()
    .transform((v) => (v ? v : null)),
  members: z.array(member).max(1000, { error: "At most 1000 members in one request." }).nullish(),
});

export function groupInputFrom(resource: unknown): { displayName: string; externalId: string | null; members: string[] } {
  const parsed = scimGroupSchema.safeParse(resource);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join(".") || "body";
    throw new ScimError(400, path === "displayName" && issue.code === "invalid_type" ? "invalidSyntax" : "invalidValue", `${path}: ${issue.message}`);
  }
  return { displayName: parsed.data.displayName, externalId: parsed.data.externalId, members: (parsed.data.members ?? []).map((m) => m.value) };
}

/** The changes a PATCH makes: the new name and externalId, the members it adds and removes. */
export function patchGroup(group: ProvisionedGroup, base: string, body: unknown): GroupChanges {
  const after = groupInputFrom(applyPatch(toScimGroup(group, base), removalsByValue(body)));
  const before = new Set(group.members.map((m) => m.id));
  const wanted = new Set(after.members.map((id) => id.toLowerCase()));
  return {
    displayName: after.displayName,
    externalId: after.externalId,
    add: [...wanted].filter((id) => !before.has(id)),
    remove: [...before].filter((id) => !wanted.has(id)),
  };
}

/**
 * Entra removes members as `{ op: "Remove", path: "members", value: [{ "$ref": null, "value": id }] }`:
 * each is matched by its `value` alone (`members[value eq "id"]`), not by the whole object.
 */
function removalsByValue(body: unknown): unknown {
  if (!body || typeof body !== "object" || !Array.isArray((body as { Operations?: unknown }).Operations)) return body;
  const operations = (body as { Operations: unknown[] }).Operations.flatMap((op) => {
    const o = op as { op?: unknown; path?: unknown; value?: unknown };
    const isRemoval = typeof o.op === "string" && o.op.toLowerCase() === "remove" && typeof o.path === "string" && o.path.trim().toLowerCase() === "members";
    if (!isRemoval || !Array.isArray(o.value)) return [op];
    return o.value.map((m) => {
      const value = (m as { value?: unknown } | null)?.value;
      if (typeof value !== "string" || /["\\]/.test(value))
        throw new ScimError(400, "invalidValue", "members: each member to remove needs a value (the user's id).");
      return { op: "remove", path: `members[value eq "${value}"]` };
    });
  });
  return { ...body, Operations: operations };
}
