/**
 * SCIM User resources (RFC 7643 §4.1, with the enterprise extension §4.3) and this product's users:
 * how one maps to the other, the zod schema a POST or PUT body (or a PATCHed resource) must pass,
 * and PATCH applied by scim-patch to the user as SCIM shows it.
 *
 * userName ↔ userPrincipalName, externalId ↔ externalId (Entra's object id), active ↔ accountEnabled,
 * displayName, name.givenName/familyName, title ↔ jobTitle, the work (else primary, else first)
 * e-mail ↔ mail, enterprise department, costCenter, employeeNumber and manager.value ↔ managerId.
 */
import { z } from "zod";
import type { ProvisionedUser, ProvisionedUserInput } from "@/server/domain/users/provisioning";
import { applyPatch } from "./patch";
import { ScimError } from "./route";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export function toScimUser(user: ProvisionedUser, base: string): Record<string, unknown> {
  const enterprise = {
    ...(user.employeeNumber !== null ? { employeeNumber: user.employeeNumber } : {}),
    ...(user.costCenter !== null ? { costCenter: user.costCenter } : {}),
    ...(user.department !== null ? { department: user.department } : {}),
    ...(user.managerId !== null ? { manager: { value: user.managerId, $ref: `${base}/Users/${user.managerId}` } } : {}),
  };
  const formatted = [user.givenName, user.surname].filter(Boolean).join(" ");
  return {
    schemas: [USER_SCHEMA, ...(Object.keys(enterprise).length > 0 ? [ENTERPRISE_SCHEMA] : [])],
    id: user.id,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    userName: user.userPrincipalName,
    active: user.accountEnabled,
    displayName: user.displayName,
    name: {
      ...(formatted ? { formatted } : {}),
      ...(user.surname !== null ? { familyName: user.surname } : {}),
      ...(user.givenName !== null ? { givenName: user.givenName } : {}),
    },
    ...(user.jobTitle !== null ? { title: user.jobTitle } : {}),
    emails: user.mail !== null ? [{ value: user.mail, type: "work", primary: true }] : [],
    ...(Object.keys(enterprise).length > 0 ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
    meta: { resourceType: "User", created: user.createdAt.toISOString(), location: `${base}/Users/${user.id}` },
  };
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: "Must not be empty." })
    .max(max, { error: `At most ${max} characters.` });
const optionalText = (max: number) =>
  z
    .union([
      z
        .string()
        .trim()
        .max(max, { error: `At most ${max} characters.` }),
      z.null(),
    ])
    .optional()
    .transform((v) => (v === undefined || v === null || v === "" ? null : v));

/** Entra sends `"False"` / `"True"` as strings in some versions: both forms are booleans here. */
const booleanish = z.union([
  z.boolean(),
  z.enum(["True", "False", "true", "false"], { error: "Must be true or false." }).transform((v) => v.toLowerCase() === "true"),
]);

const emailSchema = z.object({
  value: z.string().trim().max(256, { error: "At most 256 characters." }).optional(),
  type: z.string().optional(),
  primary: booleanish.optional(),
});

/** A User resource as a client sends it; unknown attributes (roles, addresses, phoneNumbers…) are ignored. */
export const scimUserSchema = z.object({
  userName: z
    .string({ error: "userName is required." })
    .trim()
    .min(1, { error: "userName is required." })
    .max(256, { error: "userName is at most 256 characters." }),
  externalId: optionalText(256),
  active: booleanish.optional().default(true),
  displayName: z.string().trim().max(256, { error: "At most 256 characters." }).nullish(),
  name: z
    .object({ givenName: optionalText(64), familyName: optionalText(64), formatted: z.string().nullish() })
    .partial()
    .nullish(),
  title: optionalText(128),
  emails: z.array(emailSchema).max(20, { error: "At most 20 e-mail addresses." }).nullish(),
  [ENTERPRISE_SCHEMA]: z
    .object({
      department: optionalText(64),
      costCenter: optionalText(64),
      employeeNumber: optionalText(64),
      manager: z
        .union([z.object({ value: z.string().trim().max(64).nullish() }).partial(), z.string().trim().max(64), z.null()])
        .optional()
        .transform((m) => (m === undefined || m === null ? null : typeof m === "string" ? m || null : m.value || null)),
    })
    .partial()
    .nullish(),
});

/** The body's first problem as SCIM's 400 `invalidValue` (or `invalidSyntax` for a missing userName). */
function invalid(error: z.ZodError): ScimError {
  const issue = error.issues[0];
  const path = issue.path.join(".") || "body";
  return new ScimError(400, path === "userName" && issue.code === "invalid_type" ? "invalidSyntax" : "invalidValue", `${path}: ${issue.message}`);
}

export function userInputFrom(resource: unknown): ProvisionedUserInput {
  const parsed = scimUserSchema.safeParse(resource);
  if (!parsed.success) throw invalid(parsed.error);
  const r = parsed.data;
  const emails = r.emails ?? [];
  const email = emails.find((e) => e.type === "work") ?? emails.find((e) => e.primary) ?? emails[0];
  const enterprise = r[ENTERPRISE_SCHEMA] ?? {};
  const givenName = r.name?.givenName ?? null;
  const surname = r.name?.familyName ?? null;
  const displayName = r.displayName || r.name?.formatted?.trim() || [givenName, surname].filter(Boolean).join(" ") || r.userName;
  return {
    userPrincipalName: r.userName,
    externalId: r.externalId ?? null,
    displayName: text(256).parse(displayName),
    givenName,
    surname,
    mail: email?.value || null,
    jobTitle: r.title ?? null,
    department: enterprise.department ?? null,
    employeeNumber: enterprise.employeeNumber ?? null,
    costCenter: enterprise.costCenter ?? null,
    managerId: enterprise.manager ?? null,
    accountEnabled: r.active,
  };
}

/** The user after the PATCH operations, as the input of a replace. */
export function patchUser(user: ProvisionedUser, base: string, body: unknown): ProvisionedUserInput {
  const patched = applyPatch(toScimUser(user, base), body);
  return userInputFrom(patched);
}
