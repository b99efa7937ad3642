-- Two more kinds of notification (SPEC §8.2 "who gets what"): admins are told when people start
-- waiting on a policy's list (at most once a day per policy, however many are refused at once), and
-- a person is told when an admin decides their licence request.

ALTER TYPE "NotificationKind" ADD VALUE 'WAITLIST_GROWING';
ALTER TYPE "NotificationKind" ADD VALUE 'REQUEST_DECIDED';

ALTER TABLE "Notification" ADD COLUMN "requestId" UUID;
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "LicenseRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "Notification_policyId_kind_createdAt_idx" ON "Notification"("policyId", "kind", "createdAt");

-- A refusal that queues someone tells the admins, unless the policy's list already told them today.
-- In a storm of refusals the first to get here takes a lock (held to its commit) and tells; the
-- others wait for it, then see its notification and say nothing.
CREATE FUNCTION notify_waitlist_growing() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at timestamp(3) := now() AT TIME ZONE 'UTC';
BEGIN
  IF EXISTS (SELECT 1 FROM "Notification" WHERE "policyId" = NEW."policyId" AND "kind" = 'WAITLIST_GROWING' AND "createdAt" > at - interval '1 day') THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('waitlist-growing:' || NEW."policyId"::text, 0));
  IF NOT EXISTS (SELECT 1 FROM "Notification" WHERE "policyId" = NEW."policyId" AND "kind" = 'WAITLIST_GROWING' AND "createdAt" > at - interval '1 day') THEN
    INSERT INTO "Notification" ("tenantId", "kind", "policyId", "createdAt") VALUES (NEW."tenantId", 'WAITLIST_GROWING', NEW."policyId", at);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "WaitlistEntry_notify" AFTER INSERT ON "WaitlistEntry"
  FOR EACH ROW EXECUTE FUNCTION notify_waitlist_growing();
