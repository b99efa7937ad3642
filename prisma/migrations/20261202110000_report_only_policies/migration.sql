-- Report-only policies (SPEC §8.5, ADR 21): a policy is On ("enabled"), Report only (off, with
-- "reportOnlySince" set: the moment it was put in report only) or Off. A launch decided under a
-- report-only policy is refused as under an off one and records the product the policy would have
-- claimed in "wouldClaimProductId"; nothing is claimed.

-- AlterTable
ALTER TABLE "AutoClaimPolicy" ADD COLUMN "reportOnlySince" TIMESTAMP(3);

ALTER TABLE "AutoClaimPolicy" ADD CONSTRAINT "AutoClaimPolicy_report_only_check"
  CHECK ("reportOnlySince" IS NULL OR NOT "enabled");

-- AlterTable
ALTER TABLE "Launch" ADD COLUMN "wouldClaimProductId" UUID;

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_wouldClaimProductId_fkey" FOREIGN KEY ("wouldClaimProductId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- "Would have claimed N": the people among a policy's report-only launches since a moment, read
-- from this index alone.
CREATE INDEX "Launch_would_claim" ON "Launch" ("policyId", "createdAt", "userId")
  WHERE "wouldClaimProductId" IS NOT NULL;
