-- The policy report's keyset (ADR 0007, ADR 0030): every equality of the report's filter (policy,
-- tenant, source) then its default order (assignedAt, id). A page, a CSV batch (the row comparison
-- (assignedAt, id) < (…) becomes an index condition) and the chart's count read it in order, the
-- count and the chart from the index alone. Replaces ("policyId", "assignedAt"): same leading column,
-- so the foreign key's look-ups by policy are still served.
DROP INDEX IF EXISTS "LicenseAssignment_policyId_assignedAt_idx";
CREATE INDEX "LicenseAssignment_policyId_tenantId_source_assignedAt_id_idx" ON "LicenseAssignment"("policyId", "tenantId", "source", "assignedAt", "id");
