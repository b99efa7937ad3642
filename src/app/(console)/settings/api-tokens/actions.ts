"use server";

import { GLOBAL_ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { createTokenSchema, revokeTokenSchema } from "@/server/domain/tokens/schema";
import { createApiToken, revokeApiToken } from "@/server/domain/tokens/service";

export const createTokenAction = action(createTokenSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const created = await createApiToken(ctx, input);
  revalidatePath("/settings/api-tokens");
  return created;
});

export const revokeTokenAction = action(revokeTokenSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  await revokeApiToken(ctx, { tokenId: input.id });
  revalidatePath("/settings/api-tokens");
  return { id: input.id };
});
