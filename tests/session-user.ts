/** The signed-in user as the guards return it, for tests that stand in for the session. */
import type { CurrentUser } from "@/server/auth/guards";
import type { Tx } from "@/server/db/client";
import { createUser, type UserInput } from "./factories";

/** The session's view of a user row of `tenant`. */
export function sessionUser(
  tenant: { id: string; name: string },
  user: { id: string; role: CurrentUser["role"]; userPrincipalName: string; displayName: string },
): CurrentUser {
  return { id: user.id, tenantId: tenant.id, tenantName: tenant.name, role: user.role, upn: user.userPrincipalName, displayName: user.displayName };
}

/** A new user of `tenant` with `role`, as the session names them. */
export async function createSessionUser(
  db: Tx,
  tenant: { id: string; name: string; domain: string },
  role: CurrentUser["role"],
  data: UserInput = {},
): Promise<CurrentUser> {
  return sessionUser(tenant, await createUser(db, tenant, { ...data, role }));
}
