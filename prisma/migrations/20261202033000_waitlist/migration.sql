-- The policy waiting list (SPEC §8.1, ADR 16): people refused for lack of units, served in order
-- of their first refusal from the same queue as the group licences in error (ADR 14).

CREATE TYPE "WaitlistExit" AS ENUM ('SERVED', 'LICENSED', 'REMOVED', 'EXPIRED');

ALTER TABLE "AutoClaimPolicy" ADD COLUMN "waitlistExpiryDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "AutoClaimPolicy" ADD CONSTRAINT "AutoClaimPolicy_waitlist_expiry_check" CHECK ("waitlistExpiryDays" BETWEEN 1 AND 365);

CREATE TABLE "WaitlistEntry" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "launchId" UUID NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLaunchAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),
    "leftReason" "WaitlistExit",
    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id"),
    -- Left entries say why; open ones do not.
    CONSTRAINT "WaitlistEntry_left_check" CHECK (("leftAt" IS NULL) = ("leftReason" IS NULL))
);

CREATE UNIQUE INDEX "WaitlistEntry_launchId_key" ON "WaitlistEntry"("launchId");
CREATE INDEX "WaitlistEntry_policyId_since_idx" ON "WaitlistEntry"("policyId", "since");
CREATE INDEX "WaitlistEntry_userId_idx" ON "WaitlistEntry"("userId");
-- Once per user and policy while waiting.
CREATE UNIQUE INDEX "WaitlistEntry_open_once" ON "WaitlistEntry"("policyId", "userId") WHERE "leftAt" IS NULL;

ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AutoClaimPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_launchId_fkey" FOREIGN KEY ("launchId") REFERENCES "Launch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
