/** The input of "Make managed" / "Make standard" (Power Platform › Environments). */
import { z } from "zod";
import { formBoolean } from "../policies/schema";

export const setEnvironmentManagedSchema = z.object({
  environmentId: z.guid("That environment does not exist."),
  managed: formBoolean,
});
