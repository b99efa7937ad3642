"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { setThresholds, thresholdsSchema } from "@/server/domain/licenses/alerts";
import { productPriceSchema, setProductPrice } from "@/server/domain/licenses/cost";
import { duplicatesChunkSchema, productPeopleSchema, productUnassignImpact, purchasedUnitsSchema } from "@/server/domain/licenses/product-page";
import { listDuplicateHolders, PRODUCT_BULK_CHUNK, removeDirectDuplicates, setPurchasedUnits, unassignProduct } from "@/server/domain/licenses/products";

/** Purchased units: more serve the members waiting for a unit; fewer than are consumed are refused beside the field. */
export const setPurchasedUnitsAction = action(purchasedUnitsSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setPurchasedUnits(ctx, input);
  revalidatePath("/", "layout");
  return result;
});

/** What Unassign of the selected people would free, for its confirm dialog (asked only by those who may unassign). */
export const unassignImpactAction = action(productPeopleSchema, ADMIN_ROLES, async (input, ctx) =>
  productUnassignImpact(ctx.db, ctx.tenantId, input.productId, input.userIds),
);

/** Unassign the selected people's direct and auto-claimed assignments; group licences stay (skipped, said why). */
export const unassignProductAction = action(productPeopleSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await unassignProduct(ctx, input);
  revalidatePath("/", "layout");
  return result;
});

/** Remove the direct assignment of people who also hold the product through an active group licence. */
export const removeDuplicatesAction = action(productPeopleSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await removeDirectDuplicates(ctx, input);
  revalidatePath("/", "layout");
  return result;
});

/** One chunk of "Remove the direct assignment for all": the next duplicates after `after`, fixed; `next` is where the next chunk starts. */
export const removeDuplicatesChunkAction = action(duplicatesChunkSchema, ADMIN_ROLES, async (input, ctx) => {
  const { userIds } = await listDuplicateHolders(ctx.db, ctx.tenantId, input.productId, { after: input.after ?? null, take: PRODUCT_BULK_CHUNK });
  if (userIds.length === 0) return { done: 0, unitsFreed: 0, skipped: [], next: null };
  const result = await removeDirectDuplicates(ctx, { productId: input.productId, userIds });
  revalidatePath("/", "layout");
  return { ...result, next: userIds.length === PRODUCT_BULK_CHUNK ? userIds.at(-1)! : null };
});

/** The product's unit price per month and its currency (SPEC §8.6); an empty price marks it not priced. */
export const setProductPriceAction = action(productPriceSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setProductPrice(ctx, input);
  revalidatePath("/", "layout");
  return result;
});

/** The product's alert thresholds; the open alerts follow at once (the database re-evaluates them). */
export const setThresholdsAction = action(thresholdsSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setThresholds(ctx, input);
  revalidatePath("/", "layout");
  return result;
});
