/** The kinds of notification, who gets them, and the inputs of their settings (SPEC §8.1, §8.2). */
import { z } from "zod";
import { NotificationKind, Role } from "@/generated/prisma/enums";
import { formBoolean } from "../policies/schema";

export { NotificationKind };

export interface KindInfo {
  label: string;
  description: string;
  /** Who it is for: the tenant's admins, or the person it names. */
  audience: "admins" | "person";
}

export const NOTIFICATION_KINDS: Record<NotificationKind, KindInfo> = {
  POOL_ALERT: {
    label: "A product is running out",
    description: "A product's pool crosses one of its thresholds (80, 95 and 100 % by default, set on the product's page).",
    audience: "admins",
  },
  POOL_RECOVERED: {
    label: "A product has licenses again",
    description: "A product falls back under a threshold it had crossed: units were bought or freed.",
    audience: "admins",
  },
  WAITLIST_GROWING: {
    label: "People started waiting",
    description: "Someone was refused for lack of licenses and waits on a policy's list (at most once a day per policy).",
    audience: "admins",
  },
  REQUEST_DECIDED: {
    label: "A license request was decided",
    description: "Told to the person who asked: an admin approved or denied their request, with the admin's message.",
    audience: "person",
  },
  LICENSE_SERVED: {
    label: "A waiting person got a license",
    description: "Told to the person: a unit became free and the license they waited for is theirs.",
    audience: "person",
  },
  RECLAIM_NOTICE: {
    label: "An unused license will be released",
    description: "Told to the holder: a license they have not used will be released on a date unless they keep it (Keep it on App launch).",
    audience: "person",
  },
  LICENSE_RECLAIMED: {
    label: "An unused license was released",
    description: "Told to the former holder: the notice period passed and the license went back to the pool.",
    audience: "person",
  },
  RECLAIM_RUN: {
    label: "A reclaim run gave notices or released licenses",
    description: "A policy's reclaim rule, in enforce mode, told people their unused licenses will be released, or released some.",
    audience: "admins",
  },
};

export const NOTIFICATION_KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** The roles e-mailed about the tenant's pools: those who manage licences (readers see them in the portal). */
export const ALERT_EMAIL_ROLES: readonly Role[] = [Role.GLOBAL_ADMIN, Role.LICENSE_ADMIN];

/** Settings › Notifications: for each kind, in the portal and by e-mail (a checkbox each). */
export const notificationSettingsSchema = z.object(
  Object.fromEntries(
    NOTIFICATION_KIND_LIST.flatMap((kind) => [
      [`${kind}.inApp`, formBoolean],
      [`${kind}.email`, formBoolean],
    ]),
  ) as Record<`${NotificationKind}.${"inApp" | "email"}`, typeof formBoolean>,
);

export type NotificationSettingsInput = z.output<typeof notificationSettingsSchema>;

/** Marks notifications read: the ones shown (at most a page of them). */
export const markReadSchema = z.object({ ids: z.array(z.uuid()).min(1).max(100) });
