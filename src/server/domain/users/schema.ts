/** The inputs of the Users page: its search params and its assign / unassign forms. */
import { z } from "zod";
import { first, pageNumber, searchText } from "@/lib/search-params";

/** ?q= (display name or UPN contains), ?page= (clamped), ?user= (the person whose licences are open). */
export const usersQuerySchema = z.object({
  q: searchText(200),
  page: pageNumber,
  user: z.preprocess(
    (v) => (typeof first(v) === "string" && first(v) !== "" ? first(v) : undefined),
    z.guid({ error: "That user does not exist." }).optional(),
  ),
});
export type UsersQuery = z.output<typeof usersQuerySchema>;

/** Assign or unassign one product for one user (the Users page's forms). */
export const userLicenseSchema = z.object({
  userId: z.guid({ error: "That user does not exist." }),
  productId: z.guid({ error: "Choose a product." }),
});

/** Assign one product to one user with the service plans kept on (the others switched off); none given: all on. */
export const userLicensePlansSchema = userLicenseSchema.extend({
  enabledPlanIds: z
    .preprocess(
      (v) => (Array.isArray(v) ? v : v === null || v === "" ? [] : [v]),
      z.array(z.guid({ error: "That service plan is not part of the product." })).max(100, { error: "Too many service plans." }),
    )
    .optional(),
});

/** Assign / Unassign one product for several people at once: one chunk of the selection (the console sends it in chunks). */
export const usersBulkSchema = z.object({
  productId: z.guid({ error: "Choose a product." }),
  userIds: z
    .array(z.guid({ error: "That user does not exist in this organization." }))
    .min(1, { error: "Select at least one person." })
    .max(100, { error: "At most 100 people at a time." }),
});
