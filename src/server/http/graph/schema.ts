/** The request bodies of the Graph-compatible API, as Microsoft Graph v1.0 defines them. */
import { z } from "zod";
import { MAX_LICENSE_CHANGES } from "@/server/domain/licenses/assign";
import { isUuid } from "@/server/domain/users/lookup";

const guid = (what: string) => z.guid({ error: `${what} must be a GUID` });

/** POST /users/{id|upn}/assignLicense — both lists are required, as in Graph; either may be empty. */
export const assignLicenseSchema = z
  .object({
    addLicenses: z
      .array(
        z.object({
          skuId: guid("skuId"),
          disabledPlans: z.array(guid("each disabled plan")).max(100).nullish(),
        }),
        { error: "addLicenses must be an array of { skuId, disabledPlans }" },
      )
      .max(MAX_LICENSE_CHANGES),
    removeLicenses: z.array(guid("each removed skuId"), { error: "removeLicenses must be an array of SKU ids" }).max(MAX_LICENSE_CHANGES),
  })
  .strict();

export type AssignLicenseBody = z.infer<typeof assignLicenseSchema>;

/** The object id at the end of a reference URL: …/directoryObjects/{id}, …/users/{id} or …/directoryObjects('{id}'), on any host. */
const REFERENCE = /\/(?:directoryObjects|users)(?:\/([^/?#()]+)|\('([^'/?#]+)'\))\/?$/i;

export function referencedObjectId(reference: string): string | null {
  const match = REFERENCE.exec(reference.trim());
  const id = match ? (match[1] ?? match[2]) : null;
  return isUuid(id) ? id.toLowerCase() : null;
}

/** POST /groups/{id}/members/$ref — { "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}" }. */
export const memberReferenceSchema = z
  .object({
    "@odata.id": z
      .string({ error: "@odata.id is required: the URL of the directory object to add" })
      .max(2048)
      .refine((s) => referencedObjectId(s) !== null, { error: "@odata.id must end with /directoryObjects/{id} (or /users/{id}) where id is a GUID" }),
  })
  .strict();
