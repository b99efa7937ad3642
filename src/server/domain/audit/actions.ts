/**
 * Every action the audit log records, as `AuditEntry.action`. A change adds its action here; an
 * action is never renamed (the log's filter and old entries use it).
 */
export const AUDIT_ACTIONS = [
  "policy.create",
  "policy.update",
  "policy.scope",
  "policy.delete",
  "policy.autoCreated",
  "tenant.autoClaim",
  "environment.managed",
  "user.licenses",
  "user.identityBound",
  "license.unassigned",
  "license.movedToGroup",
  "group.memberAdded",
  "group.memberRemoved",
  "group.licenses",
  "group.reprocessed",
  "user.reprocessed",
  "product.purchasedUnits",
  "product.thresholds",
  "product.price",
  "license.duplicateRemoved",
  "waitlist.removed",
  "notifications.settings",
  "webhook.create",
  "webhook.enabled",
  "webhook.delete",
  "webhook.test",
  "webhook.redeliver",
  "reclaim.rule",
  "reclaim.mode",
  "reclaim.kept",
  "license.reclaimed",
  "request.approved",
  "request.denied",
  "token.create",
  "token.revoke",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
