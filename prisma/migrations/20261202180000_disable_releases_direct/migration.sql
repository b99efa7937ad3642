-- Org settings: disabling a user releases their direct licences too (SPEC §10.1, ADR 22).
ALTER TABLE "Tenant" ADD COLUMN "disableReleasesDirect" BOOLEAN NOT NULL DEFAULT false;
