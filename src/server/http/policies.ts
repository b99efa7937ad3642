/**
 * The policy API's resource (/api/v1/policies, SPEC §10.3): a policy as a program reads it, and the
 * bodies it accepts — the wizard's own schema to create (`createPolicySchema`) and the details page's
 * to change (`policyChangesSchema`), so that the API has exactly the console's rules and messages.
 * The zod schemas here also describe the API in the OpenAPI document (./openapi.ts).
 */
import { z } from "zod";
import { AutoClaimApp, PolicyScope } from "@/generated/prisma/enums";
import { createPolicySchema, policyChangesSchema, POLICY_STATUSES } from "@/server/domain/policies/schema";
import type { PolicyView } from "@/server/domain/policies/service";

/** PATCH: every change the details page makes; the scope is the tenant's (Power Platform › Settings), not a policy's. */
export const policyUpdateSchema = policyChangesSchema.omit({ scope: true }).meta({
  description:
    "The changes to make; a key left out is left as it is. `status` wins over `enabled`; `groupId: null` removes the group; `maxUnits: null` removes the limit.",
});

export const policyCreateSchema = createPolicySchema.meta({
  description:
    "A new policy, with the wizard's rules: a unique name, one policy per app, 1–5 products of that app in order with at least one service plan on each.",
});

export const policyResourceSchema = z
  .object({
    id: z.guid(),
    name: z.string(),
    app: z.enum(AutoClaimApp),
    status: z.enum(POLICY_STATUSES).meta({ description: "ON claims; REPORT_ONLY is decided as off but records what it would have claimed; OFF" }),
    scope: z.enum(PolicyScope),
    autoCreated: z.boolean(),
    group: z.object({ id: z.guid(), displayName: z.string() }).nullable(),
    products: z.array(
      z.object({
        productId: z.guid(),
        displayName: z.string(),
        skuPartNumber: z.string(),
        position: z.int().meta({ description: "0 = the primary, 1–4 the backups, in the order they are tried" }),
        available: z.int(),
        enabledPlanIds: z.array(z.string()),
      }),
    ),
    waitlistExpiryDays: z.int(),
    maxUnits: z.int().nullable().meta({ description: "The most licenses the policy holds at once; null = no limit" }),
    heldUnits: z.int(),
    wouldHaveClaimed: z.int().nullable().meta({ description: "Report only: the people it would have claimed a license for since; null otherwise" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ description: "An auto-claim policy" });
export type PolicyResource = z.infer<typeof policyResourceSchema>;

export function toPolicyResource(p: PolicyView): PolicyResource {
  return {
    id: p.id,
    name: p.name,
    app: p.app,
    status: p.status,
    scope: p.scope,
    autoCreated: p.autoCreated,
    group: p.group,
    products: p.products.map((pp) => ({
      productId: pp.productId,
      displayName: pp.displayName,
      skuPartNumber: pp.skuPartNumber,
      position: pp.position,
      available: pp.available,
      enabledPlanIds: pp.servicePlans.filter((s) => s.enabled).map((s) => s.servicePlanId),
    })),
    waitlistExpiryDays: p.waitlistExpiryDays,
    maxUnits: p.maxUnits,
    heldUnits: p.heldUnits,
    wouldHaveClaimed: p.wouldHaveClaimed,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
