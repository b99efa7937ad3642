-- Per-policy cap (SPEC §8.4, ADR 19): a policy may hold at most "maxUnits" units at once — its
-- ACTIVE AUTO_CLAIM assignments, whatever the product. Like consumed ≤ purchased, the database
-- holds it for every code path and across processes: inserting a claimed licence past the cap
-- fails with check_violation (constraint "AutoClaimPolicy_cap_check"). Lowering the cap below what
-- the policy holds is allowed (nothing is released); new claims are refused until it falls under.

ALTER TYPE "LaunchReason" ADD VALUE 'POLICY_CAP_REACHED';

-- AlterTable
ALTER TABLE "AutoClaimPolicy" ADD COLUMN "maxUnits" INTEGER;

ALTER TABLE "AutoClaimPolicy" ADD CONSTRAINT "AutoClaimPolicy_max_units_check"
  CHECK ("maxUnits" IS NULL OR "maxUnits" BETWEEN 1 AND 100000);

-- The units a policy holds, counted from this index alone.
CREATE INDEX "LicenseAssignment_policy_held" ON "LicenseAssignment" ("policyId")
  WHERE "source" = 'AUTO_CLAIM' AND "state" = 'ACTIVE';

-- Under the policy's row lock (taken here, kept to the end of the transaction): the units the policy
-- holds and its cap (null = none). Every writer that adds to a capped policy's holding takes this
-- lock first, so the count read afterwards — a new snapshot, after the wait — stays true until
-- commit. Releases take no policy lock: a count that is briefly too high only refuses, never
-- oversubscribes.
CREATE FUNCTION policy_cap_lock(policy uuid) RETURNS TABLE ("held" integer, "maxUnits" integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  cap integer;
BEGIN
  SELECT p."maxUnits" INTO cap FROM "AutoClaimPolicy" p WHERE p."id" = policy FOR NO KEY UPDATE;
  RETURN QUERY SELECT count(*)::integer, cap FROM "LicenseAssignment" la
    WHERE la."policyId" = policy AND la."source" = 'AUTO_CLAIM' AND la."state" = 'ACTIVE';
END
$$;

-- The guard: after a claimed licence is inserted, a capped policy holding more than its cap fails
-- the statement. An uncapped policy costs one primary-key read and no lock.
CREATE FUNCTION policy_cap_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held integer;
  cap integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "AutoClaimPolicy" WHERE "id" = NEW."policyId" AND "maxUnits" IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  SELECT c."held", c."maxUnits" INTO held, cap FROM policy_cap_lock(NEW."policyId") c;
  IF cap IS NOT NULL AND held > cap THEN
    RAISE EXCEPTION 'AutoClaimPolicy_cap_check: the policy holds its maximum of % licences', cap
      USING ERRCODE = 'check_violation', CONSTRAINT = 'AutoClaimPolicy_cap_check', TABLE = 'AutoClaimPolicy';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "LicenseAssignment_policy_cap" AFTER INSERT ON "LicenseAssignment"
  FOR EACH ROW WHEN (NEW."source" = 'AUTO_CLAIM' AND NEW."state" = 'ACTIVE')
  EXECUTE FUNCTION policy_cap_check();
