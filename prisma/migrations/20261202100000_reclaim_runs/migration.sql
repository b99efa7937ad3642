-- Reclaim runs, keep-or-release notices and releases (SPEC §8.3, ADR 20). A run is a job row leased by
-- one app process at a time; at most one run of a policy is open, and at most one notice of an
-- assignment is open, whoever writes them.
-- CreateEnum
CREATE TYPE "ReclaimTrigger" AS ENUM ('DAILY', 'MANUAL', 'COMMAND');

-- CreateEnum
CREATE TYPE "ReclaimRunStatus" AS ENUM ('REQUESTED', 'RUNNING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "ReclaimPhase" AS ENUM ('NOTICES', 'RELEASES', 'FINISHED');

-- CreateEnum
CREATE TYPE "ReclaimNoticeStatus" AS ENUM ('OPEN', 'KEPT', 'CANCELLED', 'RELEASED');

-- AlterEnum


ALTER TYPE "NotificationKind" ADD VALUE 'RECLAIM_NOTICE';
ALTER TYPE "NotificationKind" ADD VALUE 'LICENSE_RECLAIMED';
ALTER TYPE "NotificationKind" ADD VALUE 'RECLAIM_RUN';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "noticeId" UUID,
ADD COLUMN     "runId" UUID;

-- CreateTable
CREATE TABLE "ReclaimRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "trigger" "ReclaimTrigger" NOT NULL,
    "mode" "ReclaimMode" NOT NULL DEFAULT 'REPORT_ONLY',
    "status" "ReclaimRunStatus" NOT NULL DEFAULT 'REQUESTED',
    "phase" "ReclaimPhase" NOT NULL DEFAULT 'NOTICES',
    "day" DATE,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestedById" UUID,
    "requestedByLabel" TEXT NOT NULL DEFAULT 'System',
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "noticesSent" INTEGER NOT NULL DEFAULT 0,
    "released" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "ReclaimRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReclaimNotice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "assignmentId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3) NOT NULL,
    "noticedAt" TIMESTAMP(3) NOT NULL,
    "releaseOn" TIMESTAMP(3) NOT NULL,
    "status" "ReclaimNoticeStatus" NOT NULL DEFAULT 'OPEN',
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,
    "releasedBy" UUID,

    CONSTRAINT "ReclaimNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReclaimRun_policyId_requestedAt_idx" ON "ReclaimRun"("policyId", "requestedAt");

-- CreateIndex
CREATE INDEX "ReclaimRun_status_requestedAt_idx" ON "ReclaimRun"("status", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReclaimRun_policyId_day_key" ON "ReclaimRun"("policyId", "day");

-- CreateIndex
CREATE INDEX "ReclaimNotice_policyId_status_releaseOn_idx" ON "ReclaimNotice"("policyId", "status", "releaseOn");

-- CreateIndex
CREATE INDEX "ReclaimNotice_assignmentId_status_idx" ON "ReclaimNotice"("assignmentId", "status");

-- CreateIndex
CREATE INDEX "ReclaimNotice_tenantId_userId_status_idx" ON "ReclaimNotice"("tenantId", "userId", "status");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "ReclaimNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReclaimRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReclaimRun" ADD CONSTRAINT "ReclaimRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReclaimRun" ADD CONSTRAINT "ReclaimRun_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AutoClaimPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReclaimNotice" ADD CONSTRAINT "ReclaimNotice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReclaimNotice" ADD CONSTRAINT "ReclaimNotice_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReclaimRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One open run per policy: Run now, the daily run and `npm run reclaim` never queue a second one.
CREATE UNIQUE INDEX "ReclaimRun_open_once" ON "ReclaimRun"("policyId") WHERE "status" IN ('REQUESTED', 'RUNNING');

-- One open notice per assignment: a resumed or concurrent run never tells anyone twice.
CREATE UNIQUE INDEX "ReclaimNotice_open_once" ON "ReclaimNotice"("assignmentId") WHERE "status" = 'OPEN';
