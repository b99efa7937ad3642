-- Reclaim rules (SPEC §8.3): per policy, off by default, starting in report only. The ranges the
-- console and the API check are checked here too.

-- CreateEnum
CREATE TYPE "ReclaimMode" AS ENUM ('REPORT_ONLY', 'ENFORCE');

-- CreateTable
CREATE TABLE "ReclaimRule" (
    "policyId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "mode" "ReclaimMode" NOT NULL DEFAULT 'REPORT_ONLY',
    "inactivityDays" INTEGER NOT NULL DEFAULT 30,
    "graceDays" INTEGER NOT NULL DEFAULT 14,
    "noticeDays" INTEGER NOT NULL DEFAULT 7,
    "capPercent" INTEGER NOT NULL DEFAULT 10,
    "allowUserIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allowGroupIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReclaimRule_pkey" PRIMARY KEY ("policyId")
);

-- CreateIndex
CREATE INDEX "ReclaimRule_tenantId_idx" ON "ReclaimRule"("tenantId");

-- AddForeignKey
ALTER TABLE "ReclaimRule" ADD CONSTRAINT "ReclaimRule_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AutoClaimPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReclaimRule" ADD CONSTRAINT "ReclaimRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


ALTER TABLE "ReclaimRule" ADD CONSTRAINT "ReclaimRule_ranges_check" CHECK (
  "inactivityDays" BETWEEN 7 AND 365 AND "graceDays" BETWEEN 0 AND 365 AND "noticeDays" BETWEEN 1 AND 60 AND "capPercent" BETWEEN 1 AND 100
);
