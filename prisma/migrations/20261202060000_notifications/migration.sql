-- Notifications and the e-mail outbox (SPEC §8.1, §8.2; ADR 17). A notification is written in the
-- same transaction as the change it tells of: pool alerts by triggers on "ProductAlert" (which the
-- alert trigger on "Product" raises and resolves), served people by the serving code. Every
-- notification gets one row in the e-mail outbox, by a trigger, so that no writer can forget it; the
-- app processes send the rows after commit, leasing each to one of them, and skip those whose kind
-- the tenant turned off or that have nobody to go to.

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('POOL_ALERT', 'POOL_RECOVERED', 'LICENSE_SERVED');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "userId" UUID,
    "productId" UUID,
    "alertId" UUID,
    "policyId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "notificationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("notificationId","userId")
);

-- CreateTable
CREATE TABLE "NotificationSetting" (
    "tenantId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "NotificationSetting_pkey" PRIMARY KEY ("tenantId","kind")
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "notificationId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_tenantId_userId_createdAt_idx" ON "Notification"("tenantId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationRead_userId_idx" ON "NotificationRead"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOutbox_notificationId_key" ON "EmailOutbox"("notificationId");

-- CreateIndex
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "EmailOutbox_tenantId_createdAt_idx" ON "EmailOutbox"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "ProductAlert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AutoClaimPolicy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRead" ADD CONSTRAINT "NotificationRead_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRead" ADD CONSTRAINT "NotificationRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationSetting" ADD CONSTRAINT "NotificationSetting_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailOutbox" ADD CONSTRAINT "EmailOutbox_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailOutbox" ADD CONSTRAINT "EmailOutbox_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Notifications of an alert, found when it is resolved or deleted.
CREATE INDEX "Notification_alertId_idx" ON "Notification"("alertId");

-- An alert raised or resolved tells the tenant's admins. Times are UTC, like every Prisma DateTime.
CREATE FUNCTION notify_pool_alert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "Notification" ("tenantId", "kind", "productId", "alertId", "createdAt")
      VALUES (NEW."tenantId", 'POOL_ALERT', NEW."productId", NEW."id", NEW."raisedAt");
  ELSIF OLD."resolvedAt" IS NULL AND NEW."resolvedAt" IS NOT NULL THEN
    INSERT INTO "Notification" ("tenantId", "kind", "productId", "alertId", "createdAt")
      VALUES (NEW."tenantId", 'POOL_RECOVERED', NEW."productId", NEW."id", NEW."resolvedAt");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ProductAlert_notify" AFTER INSERT OR UPDATE OF "resolvedAt" ON "ProductAlert"
  FOR EACH ROW EXECUTE FUNCTION notify_pool_alert();

-- Every notification is an e-mail to send (or to skip, decided when it is sent).
CREATE FUNCTION notification_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "EmailOutbox" ("notificationId", "tenantId", "nextAttemptAt", "createdAt")
    VALUES (NEW."id", NEW."tenantId", NEW."createdAt", NEW."createdAt");
  RETURN NULL;
END
$$;

CREATE TRIGGER "Notification_outbox" AFTER INSERT ON "Notification"
  FOR EACH ROW EXECUTE FUNCTION notification_outbox();

-- A pool is judged once per transaction, at its commit, on the values it commits: raising purchased
-- units and serving the people waiting with them (one transaction) must not tell admins "licenses
-- again" and then "no licenses left". The alert trigger becomes a constraint trigger deferred to the
-- commit, reading the product row as it then is (the transaction still holds its row lock, so
-- concurrent claims are still judged one at a time). Later events of the same transaction find
-- nothing left to change.
CREATE OR REPLACE FUNCTION pool_alerts_product() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p RECORD;
BEGIN
  SELECT "id", "tenantId", "consumedUnits", "purchasedUnits", "warningPercent", "criticalPercent", "emptyPercent"
    INTO p FROM "Product" WHERE "id" = NEW."id";
  IF FOUND THEN
    PERFORM pool_alerts_evaluate(p."id", p."tenantId", p."consumedUnits", p."purchasedUnits",
      p."warningPercent", p."criticalPercent", p."emptyPercent");
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER "Product_pool_alerts" ON "Product";
CREATE CONSTRAINT TRIGGER "Product_pool_alerts" AFTER UPDATE OF "consumedUnits", "purchasedUnits", "warningPercent", "criticalPercent", "emptyPercent" ON "Product"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (
    OLD."consumedUnits" IS DISTINCT FROM NEW."consumedUnits"
    OR OLD."purchasedUnits" IS DISTINCT FROM NEW."purchasedUnits"
    OR OLD."warningPercent" IS DISTINCT FROM NEW."warningPercent"
    OR OLD."criticalPercent" IS DISTINCT FROM NEW."criticalPercent"
    OR OLD."emptyPercent" IS DISTINCT FROM NEW."emptyPercent"
  )
  EXECUTE FUNCTION pool_alerts_product();
