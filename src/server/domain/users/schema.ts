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
