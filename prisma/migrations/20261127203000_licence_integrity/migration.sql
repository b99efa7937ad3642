-- Licence integrity: the constraints the invariants of the launch decision rest on, held by the
-- database itself so that they hold for every code path and across any number of app processes.
-- Prisma's schema language cannot express these (partial unique indexes, CHECKs, triggers);
-- docs/decisions/0004-licence-counting-in-the-database.md explains them.

-- 1. Units: consumed never exceeds purchased, neither is negative. A claim that would take the
--    last-plus-one unit fails with check_violation (23514) instead of oversubscribing.
ALTER TABLE "Product" ADD CONSTRAINT "Product_units_check"
  CHECK ("purchasedUnits" >= 0 AND "consumedUnits" >= 0 AND "consumedUnits" <= "purchasedUnits");

-- 2. A user holds a product at most once per source; through groups, once per group.
CREATE UNIQUE INDEX "LicenseAssignment_once_per_source"
  ON "LicenseAssignment" ("userId", "productId", "source") WHERE "source" <> 'GROUP';
CREATE UNIQUE INDEX "LicenseAssignment_once_per_group"
  ON "LicenseAssignment" ("userId", "productId", "groupId") WHERE "source" = 'GROUP';

-- 3. Each source carries exactly its own references: an auto-claimed licence points at its policy,
--    its product-order slot and the launch that caused it; a group licence at its group.
ALTER TABLE "LicenseAssignment" ADD CONSTRAINT "LicenseAssignment_source_check" CHECK (
  ("source" = 'AUTO_CLAIM' AND "policyId" IS NOT NULL AND "launchId" IS NOT NULL
     AND "productOrder" IS NOT NULL AND "groupId" IS NULL)
  OR ("source" = 'GROUP' AND "groupId" IS NOT NULL AND "policyId" IS NULL AND "launchId" IS NULL)
  OR ("source" = 'DIRECT' AND "groupId" IS NULL AND "policyId" IS NULL AND "launchId" IS NULL)
);

-- 4. Policies: one live policy per auto-claim app and per name (case-insensitive) in a tenant;
--    a name of 1–64 characters; a product order of one primary and up to four backups.
CREATE UNIQUE INDEX "AutoClaimPolicy_one_per_app"
  ON "AutoClaimPolicy" ("tenantId", "app") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "AutoClaimPolicy_unique_name"
  ON "AutoClaimPolicy" ("tenantId", lower("name")) WHERE "deletedAt" IS NULL;
ALTER TABLE "AutoClaimPolicy" ADD CONSTRAINT "AutoClaimPolicy_name_check"
  CHECK (char_length(btrim("name")) BETWEEN 1 AND 64);
ALTER TABLE "PolicyProduct" ADD CONSTRAINT "PolicyProduct_position_check"
  CHECK ("position" BETWEEN 0 AND 4);

-- 5. Counting: "LicenseSeat" has one row per (product, user) while the user holds the product by
--    any source, with the number of sources in "holds"; "Product"."consumedUnits" counts seats.
--    A user holding a product directly and through a group consumes one unit, not two.
--    The seat upsert serialises concurrent assignments of one user; the product row update
--    serialises claims of one product and re-checks constraint 1 after each wait.
ALTER TABLE "LicenseSeat" ADD CONSTRAINT "LicenseSeat_holds_check" CHECK ("holds" >= 0);

CREATE FUNCTION licence_seat_take() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  holders integer;
BEGIN
  INSERT INTO "LicenseSeat" ("productId", "userId", "holds")
    VALUES (NEW."productId", NEW."userId", 1)
    ON CONFLICT ("productId", "userId") DO UPDATE SET "holds" = "LicenseSeat"."holds" + 1
    RETURNING "holds" INTO holders;
  IF holders = 1 THEN
    UPDATE "Product" SET "consumedUnits" = "consumedUnits" + 1 WHERE "id" = NEW."productId";
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION licence_seat_release() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  holders integer;
BEGIN
  UPDATE "LicenseSeat" SET "holds" = "holds" - 1
    WHERE "productId" = OLD."productId" AND "userId" = OLD."userId"
    RETURNING "holds" INTO holders;
  IF holders = 0 THEN
    DELETE FROM "LicenseSeat" WHERE "productId" = OLD."productId" AND "userId" = OLD."userId";
    UPDATE "Product" SET "consumedUnits" = "consumedUnits" - 1 WHERE "id" = OLD."productId";
  END IF;
  RETURN OLD;
END
$$;

CREATE FUNCTION licence_assignment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a licence assignment cannot move to another user or product; delete it and assign anew'
    USING ERRCODE = 'check_violation';
END
$$;

CREATE TRIGGER "LicenseAssignment_take_seat" AFTER INSERT ON "LicenseAssignment"
  FOR EACH ROW EXECUTE FUNCTION licence_seat_take();
CREATE TRIGGER "LicenseAssignment_release_seat" AFTER DELETE ON "LicenseAssignment"
  FOR EACH ROW EXECUTE FUNCTION licence_seat_release();
CREATE TRIGGER "LicenseAssignment_immutable_holder" BEFORE UPDATE OF "userId", "productId" ON "LicenseAssignment"
  FOR EACH ROW WHEN (OLD."userId" IS DISTINCT FROM NEW."userId" OR OLD."productId" IS DISTINCT FROM NEW."productId")
  EXECUTE FUNCTION licence_assignment_immutable();
