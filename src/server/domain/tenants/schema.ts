/** The inputs of tenant settings, shared by the forms and the server actions. */
import { z } from "zod";
import { formBoolean } from "../policies/schema";

/** The auto-claim setting: a checkbox in Org settings, "Turn on setting" on the Auto-claim policy tab. */
export const autoClaimSettingSchema = z.object({ enabled: formBoolean });

/** "Disabling a user also releases their direct licenses": a checkbox in Org settings. */
export const disableReleasesDirectSchema = z.object({ enabled: formBoolean });
