"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { db } from "@/server/db";
import { actorOf } from "@/server/domain/audit/actor";
import { createTokenSchema, revokeTokenSchema } from "@/server/domain/tokens/schema";
import { createApiToken, revokeApiToken } from "@/server/domain/tokens/service";

export const createTokenAction = action(createTokenSchema, ["GLOBAL_ADMIN"], async (input, { user, tenantId }) => {
  const created = await createApiToken(db(), actorOf(user), tenantId, input);
  revalidatePath("/settings/api-tokens");
  return created;
});

export const revokeTokenAction = action(revokeTokenSchema, ["GLOBAL_ADMIN"], async (input, { user, tenantId }) => {
  await revokeApiToken(db(), actorOf(user), tenantId, input.id);
  revalidatePath("/settings/api-tokens");
  return { id: input.id };
});
