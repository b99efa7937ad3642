import type { Role } from "@/generated/prisma/enums";
import { canReadConsole } from "@/lib/roles";
import { ForbiddenError } from "../errors";

/**
 * Who may launch as whom: everyone as themselves; in demo mode, anyone as any user of the tenant
 * (the demo page plays the people of the organization). Never across tenants: callers look the
 * user up within the viewer's tenant.
 */
export function assertMayActAs(viewer: { id: string; role: Role }, userId: string, demoMode: boolean): void {
  if (userId === viewer.id || demoMode) return;
  throw new ForbiddenError("You can launch apps only as yourself.");
}

/** Who may see the outcome of a launch: its user, console readers, and anyone in demo mode. */
export function mayViewLaunch(viewer: { id: string; role: Role }, launchUserId: string, demoMode: boolean): boolean {
  return demoMode || viewer.id === launchUserId || canReadConsole(viewer.role);
}
