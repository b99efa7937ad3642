/**
 * The audit log in words: each entry's action as a sentence ("Changed the products of policy
 * “Makers”") and its before → after as a field-by-field diff with display names — products and
 * service plans by name, scopes, statuses and switches in words, never enum values or raw JSON.
 * Pure: the names a stored entry refers to by id or SKU part number are looked up by the log
 * (log.ts) and passed in.
 */
import { changedFields } from "./log";

/** Names the log resolves for the entries of one page. */
export interface AuditNames {
  /** Product display names by SKU part number and by id. */
  products: ReadonlyMap<string, string>;
  /** Service plan display names by id and by Microsoft's plan GUID. */
  plans: ReadonlyMap<string, string>;
  /** What the entry is about (policy, user, group, environment, product…), by id: its current name. */
  targets: ReadonlyMap<string, string>;
}

export const NO_NAMES: AuditNames = { products: new Map(), plans: new Map(), targets: new Map() };

export interface AuditEntryFacts {
  action: string;
  targetType: string;
  targetId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface AuditField {
  label: string;
  before: string;
  after: string;
}

export interface AuditView {
  /** The action in words. */
  title: string;
  fields: AuditField[];
}

const SCOPES: Record<string, string> = { ALL_ENVIRONMENTS: "All environments", MANAGED_ONLY: "Managed environments only" };
const STATUSES: Record<string, string> = { ON: "On", OFF: "Off", REPORT_ONLY: "Report only" };
const APPS: Record<string, string> = { POWER_APPS: "Power Apps", POWER_AUTOMATE: "Power Automate", MICROSOFT_TEAMS: "Microsoft Teams" };
const SOURCES: Record<string, string> = { DIRECT: "Direct", AUTO_CLAIM: "Auto-claim policy", GROUP: "Group" };
const ROLES: Record<string, string> = {
  GLOBAL_ADMIN: "Global admin",
  LICENSE_ADMIN: "License administrator",
  REPORTS_READER: "Reports reader",
  USER: "User",
};
const MODES: Record<string, string> = { REPORT_ONLY: "Report only (dry run)", ENFORCE: "Enforce" };

/** Field labels; a key not listed is said from its name ("waitlistExpiryDays" → "Waitlist expiry days"). */
const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  app: "Auto-claim app",
  enabled: "Status",
  status: "Status",
  scope: "Scope",
  group: "Group to add claimers to",
  groupId: "Group",
  products: "Products",
  maxUnits: "License limit",
  waitlistExpiryDays: "Waiting-list expiry",
  autoCreated: "Auto-created",
  autoClaimEnabled: "Auto-claim",
  disableReleasesDirect: "Disabling a user releases direct licenses",
  managed: "Environment type",
  purchasedUnits: "Purchased units",
  served: "People served",
  servedFromWaitlist: "Served from the waiting list",
  stillInError: "Still in error",
  warningPercent: "Warning at",
  criticalPercent: "Critical at",
  emptyPercent: "Empty at",
  accountEnabled: "Account",
  licenses: "Licenses",
  sources: "Held as",
  product: "Product",
  userPrincipalName: "User principal name",
  displayName: "Display name",
  role: "Role",
  mode: "Mode",
  unusedDays: "Unused for",
  graceDays: "Grace period",
  noticeDays: "Notice",
  url: "URL",
  scopes: "Permissions",
};

const yesNo = (v: boolean) => (v ? "Yes" : "No");
const onOff = (v: boolean) => (v ? "On" : "Off");
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === "object" && !Array.isArray(v);

function planNames(ids: unknown, names: AuditNames): string[] {
  return Array.isArray(ids) ? ids.map((id) => names.plans.get(String(id)) ?? String(id)) : [];
}

/** A policy's product as its audit records it: { product, sku, disabledPlans } (or, for the auto-created policy, a name). */
function policyProduct(p: unknown): { name: string; off: string[] } {
  if (typeof p === "string") return { name: p, off: [] };
  if (isObject(p)) return { name: String(p.product ?? p.sku ?? "a product"), off: Array.isArray(p.disabledPlans) ? p.disabledPlans.map(String) : [] };
  return { name: "a product", off: [] };
}

/** A person's holding of a product (user.licenses): the sources and the service plans turned off. */
function holding(value: unknown, names: AuditNames): string {
  if (value === null || value === undefined) return "Not assigned";
  const rows = Array.isArray(value) ? value : [value];
  if (rows.length === 0) return "Not assigned";
  return rows
    .map((r) => {
      if (!isObject(r)) return say("", r, names);
      const source = typeof r.source === "string" ? (SOURCES[r.source] ?? humanize(r.source)) : "Assigned";
      const off = planNames(r.disabledPlans, names);
      return off.length === 0 ? `${source}, all service plans` : `${source}, without ${off.join(", ")}`;
    })
    .join("; ");
}

/** One value in words, by the field it belongs to. */
export function say(key: string, value: unknown, names: AuditNames = NO_NAMES): string {
  if (value === null || value === undefined) {
    if (key === "maxUnits") return "No limit";
    if (key === "group" || key === "groupId") return "None";
    return "—";
  }
  switch (key) {
    case "scope":
      return SCOPES[String(value)] ?? String(value);
    case "status":
      return STATUSES[String(value)] ?? String(value);
    case "enabled":
    case "autoClaimEnabled":
    case "disableReleasesDirect":
      return typeof value === "boolean" ? onOff(value) : String(value);
    case "accountEnabled":
      return typeof value === "boolean" ? (value ? "Enabled" : "Disabled") : String(value);
    case "managed":
      return typeof value === "boolean" ? (value ? "Managed" : "Standard") : String(value);
    case "app":
      return APPS[String(value)] ?? String(value);
    case "role":
      return ROLES[String(value)] ?? String(value);
    case "mode":
      return MODES[String(value)] ?? String(value);
    case "maxUnits":
      return typeof value === "number" ? `${value} license${value === 1 ? "" : "s"} at once` : String(value);
    case "waitlistExpiryDays":
    case "unusedDays":
    case "graceDays":
    case "noticeDays":
      return typeof value === "number" ? days(value) : String(value);
    case "warningPercent":
    case "criticalPercent":
    case "emptyPercent":
      return typeof value === "number" ? `${value} %` : String(value);
    case "sources":
      return Array.isArray(value) ? value.map((s) => SOURCES[String(s)] ?? String(s)).join(", ") : String(value);
    case "licenses":
      return Array.isArray(value) ? (value.length === 0 ? "None" : value.map((s) => names.products.get(String(s)) ?? String(s)).join(", ")) : String(value);
    case "products":
      return Array.isArray(value) ? value.map((p) => policyProduct(p).name).join(", then ") : String(value);
  }
  if (typeof value === "boolean") return yesNo(value);
  if (typeof value === "number") return new Intl.NumberFormat("en-US").format(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.length === 0 ? "None" : value.map((v) => say("", v, names)).join(", ");
  if (isObject(value)) {
    if ("disabledPlans" in value) return holding(value, names);
    return Object.entries(value)
      .map(([k, v]) => `${FIELD_LABELS[k] ?? humanize(k)}: ${say(k, v, names)}`)
      .join("; ");
  }
  return String(value);
}

/** The service plans a policy's products have turned off, in words ("Power Apps per app: Dataverse off"; "All on"). */
function plansOff(products: unknown): string {
  if (!Array.isArray(products)) return "—";
  const off = products
    .map(policyProduct)
    .filter((p) => p.off.length > 0)
    .map((p) => `${p.name}: ${p.off.join(", ")} off`);
  return off.length === 0 ? "All on" : off.join("; ");
}

/** Whether the entry's values are keyed by product (a person's or a group's licences). */
const BY_PRODUCT = new Set<string>(["user.licenses", "group.licenses"]);

/** The entry's before → after, one row per field that changed, in words. */
export function auditFields(entry: Pick<AuditEntryFacts, "action" | "before" | "after">, names: AuditNames = NO_NAMES): AuditField[] {
  const rows: AuditField[] = [];
  for (const f of changedFields(entry.before, entry.after)) {
    if (f.key === "") {
      rows.push({ label: "Value", before: say("", f.before, names), after: say("", f.after, names) });
    } else if (BY_PRODUCT.has(entry.action)) {
      const label = names.products.get(f.key) ?? f.key;
      rows.push({ label, before: holding(f.before, names), after: holding(f.after, names) });
    } else if (f.key === "products") {
      const [b, a] = [say("products", f.before, names), say("products", f.after, names)];
      if (b !== a) rows.push({ label: "Products", before: b, after: a });
      const [pb, pa] = [plansOff(f.before), plansOff(f.after)];
      if (pb !== pa && f.before != null && f.after != null) rows.push({ label: "Service plans", before: pb, after: pa });
    } else {
      const label = f.key === "group" && !entry.action.startsWith("policy.") ? "Group" : (FIELD_LABELS[f.key] ?? humanize(f.key));
      rows.push({ label, before: say(f.key, f.before, names), after: say(f.key, f.after, names) });
    }
  }
  return rows;
}

/** The name of what the entry is about: from its values where they name it, else its current name. */
function targetName(entry: AuditEntryFacts, names: AuditNames): string | null {
  const pick = (v: unknown, key: string) => (isObject(v) && typeof v[key] === "string" ? (v[key] as string) : null);
  return (
    pick(entry.before, "name") ??
    pick(entry.after, "name") ??
    (entry.targetId ? (names.targets.get(entry.targetId) ?? null) : null) ??
    pick(entry.before, "userPrincipalName") ??
    pick(entry.after, "userPrincipalName")
  );
}

const quoted = (name: string | null, fallback: string) => (name ? `“${name}”` : fallback);

/** The parts of a policy that a policy.update entry changed, as the sentence names them. */
const POLICY_PARTS: Record<string, string> = {
  name: "name",
  products: "products",
  group: "group",
  maxUnits: "license limit",
  waitlistExpiryDays: "waiting-list expiry",
  scope: "scope",
};

function policyUpdateTitle(entry: AuditEntryFacts, names: AuditNames): string {
  const before = isObject(entry.before) ? entry.before : {};
  const after = isObject(entry.after) ? entry.after : {};
  const keys = changedFields(before, after).map((f) => f.key);
  const current = entry.targetId ? (names.targets.get(entry.targetId) ?? null) : null;
  const name = (typeof before.name === "string" ? before.name : null) ?? current;
  const policy = `policy ${quoted(name, "(deleted)")}`;
  const statusOnly = keys.length > 0 && keys.every((k) => k === "enabled" || k === "status");
  if (statusOnly) {
    const status = typeof after.status === "string" ? after.status : after.enabled === true ? "ON" : "OFF";
    return status === "REPORT_ONLY" ? `Put ${policy} in report only` : `Turned ${status === "ON" ? "on" : "off"} ${policy}`;
  }
  if (keys.length === 1 && keys[0] === "name") return `Renamed ${policy} to ${quoted(String(after.name), "a new name")}`;
  const parts = keys.filter((k) => k !== "enabled").map((k) => (k === "status" ? "status" : (POLICY_PARTS[k] ?? humanize(k).toLowerCase())));
  if (keys.includes("enabled") && !parts.includes("status")) parts.push("status");
  const list = parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `Changed the ${list || "settings"} of ${policy}`;
}

type Title = string | ((e: AuditEntryFacts, target: string | null, names: AuditNames) => string);

const boolAfter = (e: AuditEntryFacts, key: string) => isObject(e.after) && e.after[key] === true;

/**
 * Every action in words; `target` is the name of what it is about (quoted where it is a name). Keyed
 * by string so that an action added before its words are reads as its summary (words.test.ts lists
 * every action of AUDIT_ACTIONS here).
 */
export const TITLES: Record<string, Title> = {
  "policy.create": (_, t) => `Created policy ${quoted(t, "(unnamed)")}`,
  "policy.update": (e, _, n) => policyUpdateTitle(e, n),
  "policy.scope": (e, t) => `Changed the scope of policy ${quoted(t, "(deleted)")} to ${say("scope", isObject(e.after) ? e.after.scope : null)}`,
  "policy.delete": (_, t) => `Deleted policy ${quoted(t, "(unnamed)")}`,
  "policy.autoCreated": (_, t) => `Created the auto-created policy ${quoted(t, "for Power Apps")} and turned on auto-claim`,
  "tenant.autoClaim": (e) => (boolAfter(e, "autoClaimEnabled") ? "Turned on auto-claim" : "Turned off auto-claim"),
  "tenant.disableReleasesDirect": (e) =>
    boolAfter(e, "disableReleasesDirect") ? "Disabling a user now releases their direct licenses too" : "Disabling a user releases only auto-claimed licenses",
  "environment.managed": (e, t) => `Made environment ${t ?? "(deleted)"} ${boolAfter(e, "managed") ? "managed" : "standard"}`,
  "user.licenses": (_, t) => `Changed the licenses of ${t ?? "a user"}`,
  "user.identityBound": (_, t) => `Linked the sign-in identity of ${t ?? "a user"}`,
  "license.unassigned": (_, t) => `Unassigned a license from ${t ?? "a user"}`,
  "license.movedToGroup": (_, t) => `Moved ${t ?? "a user"} to group-based licensing`,
  "group.memberAdded": (_, t) => `Added a member to group ${t ?? "(deleted)"}`,
  "group.memberRemoved": (_, t) => `Removed a member from group ${t ?? "(deleted)"}`,
  "group.licenses": (_, t) => `Changed the licenses of group ${t ?? "(deleted)"}`,
  "group.reprocessed": (_, t) => `Reprocessed the licenses of group ${t ?? "(deleted)"}`,
  "user.reprocessed": (_, t) => `Reprocessed the licenses of ${t ?? "a user"}`,
  "product.purchasedUnits": (_, t) => `Changed the purchased units of ${t ?? "a product"}`,
  "product.thresholds": (_, t) => `Changed the alert thresholds of ${t ?? "a product"}`,
  "product.price": (_, t) => `Changed the price of ${t ?? "a product"}`,
  "license.duplicateRemoved": (_, t) => `Removed a duplicate direct license of ${t ?? "a user"}`,
  "waitlist.removed": (_, t) => `Removed ${t ?? "a person"} from a waiting list`,
  "notifications.settings": "Changed the notification settings",
  "webhook.create": "Created a webhook",
  "webhook.enabled": (e) => (boolAfter(e, "enabled") ? "Turned on a webhook" : "Turned off a webhook"),
  "webhook.delete": "Deleted a webhook",
  "webhook.test": "Sent a test event to a webhook",
  "webhook.redeliver": "Redelivered a webhook event",
  "reclaim.rule": (_, t) => `Changed the reclaim rule of policy ${quoted(t, "(deleted)")}`,
  "reclaim.mode": (_, t) => `Changed the reclaim mode of policy ${quoted(t, "(deleted)")}`,
  "reclaim.kept": (_, t) => `${t ?? "A person"} kept their license`,
  "license.reclaimed": (_, t) => `Reclaimed an unused license from ${t ?? "a user"}`,
  "request.approved": "Approved a license request",
  "request.denied": "Denied a license request",
  "request.closed": "Closed a license request: the person got the license another way",
  "token.create": (_, t) => `Created API token ${quoted(t, "(unnamed)")}`,
  "token.revoke": (_, t) => `Revoked API token ${quoted(t, "(unnamed)")}`,
  "user.provisioned": (_, t) => `Provisioned ${t ?? "a user"} from the directory`,
  "user.provisionedUpdate": (_, t) => `Updated ${t ?? "a user"} from the directory`,
  "user.disabled": (_, t) => `Disabled the account of ${t ?? "a user"}`,
  "user.enabled": (_, t) => `Enabled the account of ${t ?? "a user"}`,
  "user.deleted": (_, t) => `Deleted ${t ?? "a user"} from the directory`,
  "group.provisioned": (_, t) => `Provisioned group ${t ?? "(deleted)"} from the directory`,
  "group.provisionedUpdate": (_, t) => `Updated group ${t ?? "(deleted)"} from the directory`,
  "group.deleted": (_, t) => `Deleted group ${t ?? "(deleted)"} from the directory`,
};

/** An audit entry in words: the action as a sentence and the field-by-field diff. */
export function describeAuditEntry(entry: AuditEntryFacts, names: AuditNames = NO_NAMES): AuditView {
  const title: Title | undefined = TITLES[entry.action];
  const target = targetName(entry, names);
  return {
    title: title === undefined ? entry.summary : typeof title === "string" ? title : title(entry, target, names),
    fields: auditFields(entry, names),
  };
}

/** A From day after the To day: the message the filter shows beside From (the list is not read). */
export function dateRangeProblem(query: { from?: string; to?: string }): string | null {
  return query.from && query.to && query.from > query.to ? "From must be on or before To." : null;
}

/** The audit log's action filter, in words (its values stay the action codes). */
const ACTION_LABELS: Record<string, string> = {
  "policy.create": "Policy created",
  "policy.update": "Policy changed",
  "policy.scope": "Policy scope changed",
  "policy.delete": "Policy deleted",
  "policy.autoCreated": "Policy auto-created",
  "tenant.autoClaim": "Auto-claim turned on or off",
  "tenant.disableReleasesDirect": "Disabled users' direct licenses setting",
  "environment.managed": "Environment made managed or standard",
  "user.licenses": "User's licenses changed",
  "user.identityBound": "Sign-in identity linked",
  "license.unassigned": "License unassigned",
  "license.movedToGroup": "Moved to group-based licensing",
  "group.memberAdded": "Group member added",
  "group.memberRemoved": "Group member removed",
  "group.licenses": "Group's licenses changed",
  "group.reprocessed": "Group's licenses reprocessed",
  "user.reprocessed": "User's licenses reprocessed",
  "product.purchasedUnits": "Purchased units changed",
  "product.thresholds": "Alert thresholds changed",
  "product.price": "Price changed",
  "license.duplicateRemoved": "Duplicate license removed",
  "waitlist.removed": "Removed from a waiting list",
  "notifications.settings": "Notification settings changed",
  "webhook.create": "Webhook created",
  "webhook.enabled": "Webhook turned on or off",
  "webhook.delete": "Webhook deleted",
  "webhook.test": "Webhook tested",
  "webhook.redeliver": "Webhook event redelivered",
  "reclaim.rule": "Reclaim rule changed",
  "reclaim.mode": "Reclaim mode changed",
  "reclaim.kept": "License kept",
  "license.reclaimed": "License reclaimed",
  "request.approved": "Request approved",
  "request.denied": "Request denied",
  "request.closed": "Request closed: already licensed",
  "token.create": "API token created",
  "token.revoke": "API token revoked",
  "user.provisioned": "User provisioned",
  "user.provisionedUpdate": "User updated by provisioning",
  "user.disabled": "User disabled",
  "user.enabled": "User enabled",
  "user.deleted": "User deleted",
  "group.provisioned": "Group provisioned",
  "group.provisionedUpdate": "Group updated by provisioning",
  "group.deleted": "Group deleted",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? humanize(action.replace(/\./g, " "));
}
