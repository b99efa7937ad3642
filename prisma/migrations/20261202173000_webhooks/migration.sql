-- Webhooks (SPEC §10.2, ADR 23): subscriptions and the webhook outbox. Events are written by triggers in
-- the transaction of the change, one row per subscription that wants the type, so a tenant without
-- webhooks pays one index probe per change and the launch path keeps its statement count.

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "WebhookSubscription" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "eventTypes" TEXT[],
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "seq" BIGSERIAL NOT NULL,
    "subscriptionId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "giveUpAt" TIMESTAMP(3) NOT NULL DEFAULT (now() + '24:00:00'::interval),
    "lastResponseCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookSubscription_tenantId_idx" ON "WebhookSubscription"("tenantId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_subscriptionId_subject_seq_idx" ON "WebhookDelivery"("subscriptionId", "subject", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_subscriptionId_seq_idx" ON "WebhookDelivery"("subscriptionId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_subscriptionId_eventId_key" ON "WebhookDelivery"("subscriptionId", "eventId");

-- AddForeignKey
ALTER TABLE "WebhookSubscription" ADD CONSTRAINT "WebhookSubscription_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A subscription of the tenant wants this type (enabled, and the type among its eventTypes).
CREATE FUNCTION webhook_wanted(p_tenant UUID, p_type TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "WebhookSubscription" s
    WHERE s."tenantId" = p_tenant AND s."enabled" AND p_type = ANY (s."eventTypes"))
$$;

-- One event: a row per subscription that wants it, all with the same event id.
CREATE FUNCTION webhook_emit(p_tenant UUID, p_type TEXT, p_subject TEXT, p_data JSONB) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  ev UUID := gen_random_uuid();
BEGIN
  INSERT INTO "WebhookDelivery" ("subscriptionId", "tenantId", "eventId", "type", "subject", "data")
  SELECT s."id", p_tenant, ev, p_type, p_subject, p_data
  FROM "WebhookSubscription" s
  WHERE s."tenantId" = p_tenant AND s."enabled" AND p_type = ANY (s."eventTypes")
  ORDER BY s."id";
END
$$;

-- A person as events name them (null when the row is gone).
CREATE FUNCTION webhook_user(p_user UUID) RETURNS JSONB LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', p_user, 'userPrincipalName', (SELECT u."userPrincipalName" FROM "User" u WHERE u."id" = p_user))
$$;

CREATE FUNCTION webhook_product(p_product UUID) RETURNS JSONB LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', p_product, 'skuId', p."skuId", 'skuPartNumber', p."skuPartNumber", 'displayName', p."displayName")
  FROM (SELECT 1) one LEFT JOIN "Product" p ON p."id" = p_product
$$;

CREATE FUNCTION webhook_actor(p_user UUID) RETURNS JSONB LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_user IS NULL THEN jsonb_build_object('type', 'system', 'id', NULL, 'label', 'System')
    ELSE jsonb_build_object('type', 'user', 'id', p_user, 'label', (SELECT u."userPrincipalName" FROM "User" u WHERE u."id" = p_user)) END
$$;

-- license.claimed: an assignment that holds a unit (inserted active, or a group licence served from its error state).
CREATE FUNCTION webhook_license_claimed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF webhook_wanted(NEW."tenantId", 'license.claimed') THEN
    PERFORM webhook_emit(NEW."tenantId", 'license.claimed', 'users/' || NEW."userId", jsonb_build_object(
      'assignmentId', NEW."id", 'user', webhook_user(NEW."userId"), 'product', webhook_product(NEW."productId"),
      'source', NEW."source", 'policyId', NEW."policyId", 'launchId', NEW."launchId", 'groupId', NEW."groupId",
      'actor', webhook_actor(CASE NEW."source" WHEN 'AUTO_CLAIM' THEN NEW."userId" WHEN 'DIRECT' THEN NEW."assignedById" ELSE NULL END)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "LicenseAssignment_webhook_claimed" AFTER INSERT ON "LicenseAssignment"
  FOR EACH ROW WHEN (NEW."state" = 'ACTIVE') EXECUTE FUNCTION webhook_license_claimed();
CREATE TRIGGER "LicenseAssignment_webhook_served" AFTER UPDATE OF "state" ON "LicenseAssignment"
  FOR EACH ROW WHEN (OLD."state" <> 'ACTIVE' AND NEW."state" = 'ACTIVE') EXECUTE FUNCTION webhook_license_claimed();

-- license.released: judged at commit, when the reason is known — a reclaim run marks its notice RELEASED
-- after deleting the assignment; a disabled (or deleted) user's licences go with the account.
CREATE FUNCTION webhook_license_released() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  why TEXT;
BEGIN
  IF webhook_wanted(OLD."tenantId", 'license.released') THEN
    why := CASE
      WHEN EXISTS (SELECT 1 FROM "ReclaimNotice" n WHERE n."assignmentId" = OLD."id" AND n."status" = 'RELEASED') THEN 'reclaimed'
      WHEN NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = OLD."userId") THEN 'user_deleted'
      WHEN EXISTS (SELECT 1 FROM "User" u WHERE u."id" = OLD."userId" AND NOT u."accountEnabled") THEN 'user_disabled'
      ELSE 'unassigned' END;
    PERFORM webhook_emit(OLD."tenantId", 'license.released', 'users/' || OLD."userId", jsonb_build_object(
      'assignmentId', OLD."id", 'user', webhook_user(OLD."userId"), 'product', webhook_product(OLD."productId"),
      'source', OLD."source", 'policyId', OLD."policyId", 'groupId', OLD."groupId", 'reason', why,
      'actor', webhook_actor(NULL)));
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER "LicenseAssignment_webhook_released" AFTER DELETE ON "LicenseAssignment"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD."state" = 'ACTIVE') EXECUTE FUNCTION webhook_license_released();

-- waitlist.joined and waitlist.served.
CREATE FUNCTION webhook_waitlist() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  kind TEXT := CASE WHEN TG_OP = 'INSERT' THEN 'waitlist.joined' ELSE 'waitlist.served' END;
BEGIN
  IF webhook_wanted(NEW."tenantId", kind) THEN
    PERFORM webhook_emit(NEW."tenantId", kind, 'users/' || NEW."userId", jsonb_build_object(
      'entryId', NEW."id", 'policyId', NEW."policyId", 'user', webhook_user(NEW."userId"), 'launchId', NEW."launchId",
      'since', NEW."since", 'actor', webhook_actor(CASE WHEN TG_OP = 'INSERT' THEN NEW."userId" ELSE NULL END)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "WaitlistEntry_webhook_joined" AFTER INSERT ON "WaitlistEntry"
  FOR EACH ROW EXECUTE FUNCTION webhook_waitlist();
CREATE TRIGGER "WaitlistEntry_webhook_served" AFTER UPDATE OF "leftAt" ON "WaitlistEntry"
  FOR EACH ROW WHEN (OLD."leftAt" IS NULL AND NEW."leftAt" IS NOT NULL AND NEW."leftReason" = 'SERVED')
  EXECUTE FUNCTION webhook_waitlist();

-- policy.changed: every audited change of a policy (create, update, status, scope, delete), with the
-- audit entry's actor, summary, before and after.
CREATE FUNCTION webhook_policy_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF webhook_wanted(NEW."tenantId", 'policy.changed') THEN
    PERFORM webhook_emit(NEW."tenantId", 'policy.changed', 'policies/' || COALESCE(NEW."targetId", ''), jsonb_build_object(
      'policyId', NEW."targetId", 'change', NEW."action", 'summary', NEW."summary", 'before', NEW."before", 'after', NEW."after",
      'actor', jsonb_build_object('type', CASE WHEN NEW."actorId" IS NULL THEN 'system' ELSE 'user' END, 'id', NEW."actorId", 'label', NEW."actorLabel")));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "AuditEntry_webhook_policy" AFTER INSERT ON "AuditEntry"
  FOR EACH ROW WHEN (NEW."action" LIKE 'policy.%') EXECUTE FUNCTION webhook_policy_changed();

-- request.created and request.decided.
CREATE FUNCTION webhook_request() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  kind TEXT := CASE WHEN TG_OP = 'INSERT' THEN 'request.created' ELSE 'request.decided' END;
BEGIN
  IF webhook_wanted(NEW."tenantId", kind) THEN
    PERFORM webhook_emit(NEW."tenantId", kind, 'users/' || NEW."userId", jsonb_build_object(
      'requestId', NEW."id", 'user', webhook_user(NEW."userId"), 'appId', NEW."appId", 'productId', NEW."productId",
      'status', NEW."status", 'message', NEW."message", 'decisionMessage', NEW."decisionMessage",
      'actor', webhook_actor(CASE WHEN TG_OP = 'INSERT' THEN NEW."userId" ELSE NEW."decidedById" END)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "LicenseRequest_webhook_created" AFTER INSERT ON "LicenseRequest"
  FOR EACH ROW EXECUTE FUNCTION webhook_request();
CREATE TRIGGER "LicenseRequest_webhook_decided" AFTER UPDATE OF "status" ON "LicenseRequest"
  FOR EACH ROW WHEN (OLD."status" = 'PENDING' AND NEW."status" <> 'PENDING') EXECUTE FUNCTION webhook_request();

-- reclaim.notice_sent: a keep-or-release notice given (runs in enforce mode only give them).
CREATE FUNCTION webhook_reclaim_notice() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF webhook_wanted(NEW."tenantId", 'reclaim.notice_sent') THEN
    PERFORM webhook_emit(NEW."tenantId", 'reclaim.notice_sent', 'users/' || NEW."userId", jsonb_build_object(
      'noticeId', NEW."id", 'policyId', NEW."policyId", 'runId', NEW."runId", 'assignmentId', NEW."assignmentId",
      'user', webhook_user(NEW."userId"), 'product', webhook_product(NEW."productId"),
      'lastUsedAt', NEW."lastUsedAt", 'releaseOn', NEW."releaseOn", 'actor', webhook_actor(NULL)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "ReclaimNotice_webhook_sent" AFTER INSERT ON "ReclaimNotice"
  FOR EACH ROW EXECUTE FUNCTION webhook_reclaim_notice();

-- pool.threshold_crossed: a pool alert raised (the alert trigger raises one per level, at commit).
CREATE FUNCTION webhook_pool_alert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF webhook_wanted(NEW."tenantId", 'pool.threshold_crossed') THEN
    PERFORM webhook_emit(NEW."tenantId", 'pool.threshold_crossed', 'products/' || NEW."productId", jsonb_build_object(
      'alertId', NEW."id", 'product', webhook_product(NEW."productId"), 'level', NEW."level",
      'consumedUnits', NEW."consumedUnits", 'purchasedUnits', NEW."purchasedUnits", 'actor', webhook_actor(NULL)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "ProductAlert_webhook_raised" AFTER INSERT ON "ProductAlert"
  FOR EACH ROW EXECUTE FUNCTION webhook_pool_alert();
