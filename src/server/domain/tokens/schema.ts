import { z } from "zod";
import { text } from "@/lib/text";
import { TOKEN_SCOPES } from "./hash";

export const SCOPE_LABELS: Record<(typeof TOKEN_SCOPES)[number], { label: string; description: string }> = {
  launches: { label: "Launches", description: "Report app launches: POST /api/v1/launches, and read apps and users" },
  "directory.read": { label: "Directory read", description: "Read products, users, groups and licenses: GET /api/v1/*, GET /graph/v1.0/*" },
  "directory.write": { label: "Directory write", description: "Assign and remove licenses, change group members: /graph/v1.0 writes" },
  "policies.write": { label: "Policies", description: "Create, change and delete auto-claim policies: /api/v1/policies" },
  scim: { label: "SCIM provisioning", description: "Provision users and groups from your identity provider: /scim/v2" },
};

export const createTokenSchema = z.object({
  name: text({ min: 1, max: 64, required: "Enter a name for the token.", tooLong: "Use 64 characters or fewer." }),
  scopes: z
    .union([z.enum(TOKEN_SCOPES), z.array(z.enum(TOKEN_SCOPES))], { error: "Choose at least one scope." })
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .pipe(z.array(z.enum(TOKEN_SCOPES)).min(1, "Choose at least one scope.")),
});

export const revokeTokenSchema = z.object({ id: z.uuid() });
export type CreateTokenInput = z.input<typeof createTokenSchema>;
