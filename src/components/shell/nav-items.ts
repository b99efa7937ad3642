/** The left navigation of the admin center (SPEC §5): one entry per section, grouped like Microsoft 365's. */
import { INTEGRATION_READER_ROLES, type Role } from "@/lib/roles";

export interface NavLink {
  label: string;
  href: string;
  /** Only for these roles (the page answers 403 to the others); every console role when absent. */
  roles?: readonly Role[];
}
export interface NavGroup {
  label: string;
  items: NavLink[];
}
export type NavEntry = NavLink | NavGroup;

export const NAV: NavEntry[] = [
  { label: "Home", href: "/" },
  { label: "Users", href: "/users" },
  { label: "Groups", href: "/groups" },
  { label: "Billing", items: [{ label: "Licenses", href: "/billing/licenses" }] },
  {
    label: "Settings",
    items: [
      { label: "Org settings", href: "/settings/org-settings" },
      { label: "Notifications", href: "/settings/notifications" },
      { label: "API tokens", href: "/settings/api-tokens", roles: INTEGRATION_READER_ROLES },
      { label: "Webhooks", href: "/settings/webhooks", roles: INTEGRATION_READER_ROLES },
    ],
  },
  {
    label: "Power Platform",
    items: [
      { label: "Environments", href: "/power-platform/environments" },
      { label: "Settings › Licenses", href: "/power-platform/settings/licenses" },
    ],
  },
  { label: "Audit log", href: "/audit" },
  { label: "App launch (demo)", href: "/launch" },
];

/** Whether `role` sees the link. */
export function showsLink(item: NavLink, role: Role): boolean {
  return !item.roles || item.roles.includes(role);
}

/** The nav entry a path belongs to: itself, or the deepest entry it lies under ("/" only matches itself). */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
