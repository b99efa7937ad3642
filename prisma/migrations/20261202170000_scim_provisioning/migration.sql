-- SCIM provisioning (SPEC §10.1, ADR 22): the identity provider's ids of users and groups, unique
-- in the tenant when set, and the enterprise extension's employee number, cost center and manager.
ALTER TABLE "User" ADD COLUMN "externalId" TEXT,
ADD COLUMN "employeeNumber" TEXT,
ADD COLUMN "costCenter" TEXT,
ADD COLUMN "managerId" UUID;

ALTER TABLE "Group" ADD COLUMN "externalId" TEXT;

CREATE UNIQUE INDEX "User_tenantId_externalId_key" ON "User"("tenantId", "externalId");

CREATE UNIQUE INDEX "Group_tenantId_externalId_key" ON "Group"("tenantId", "externalId");

ALTER TABLE "User" ADD CONSTRAINT "User_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
