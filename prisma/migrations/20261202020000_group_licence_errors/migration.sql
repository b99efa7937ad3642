-- Group licence error states (SPEC §9, ADR 14): joining a group never fails for lack of units. A
-- group assignment that the pool cannot serve is in error (COUNT_VIOLATION): it holds and consumes
-- nothing and waits, in order of "waitingSince", until units free up. Only ACTIVE assignments take
-- seats, so consumed units still count distinct active holders and never exceed purchased units.

CREATE TYPE "LicenseState" AS ENUM ('ACTIVE', 'ERROR');
CREATE TYPE "LicenseError" AS ENUM ('COUNT_VIOLATION');

ALTER TABLE "LicenseAssignment"
  ADD COLUMN "state" "LicenseState" NOT NULL DEFAULT 'ACTIVE',
  ADD COLUMN "error" "LicenseError",
  ADD COLUMN "waitingSince" TIMESTAMP(3);

-- An assignment is active with no error, or in error with its reason and the time it started
-- waiting; only a group assignment can be in error.
ALTER TABLE "LicenseAssignment" ADD CONSTRAINT "LicenseAssignment_state_check" CHECK (
  ("state" = 'ACTIVE' AND "error" IS NULL AND "waitingSince" IS NULL)
  OR ("state" = 'ERROR' AND "error" IS NOT NULL AND "waitingSince" IS NOT NULL AND "source" = 'GROUP')
);

-- The queue of each product, in serving order.
CREATE INDEX "LicenseAssignment_waiting" ON "LicenseAssignment" ("productId", "waitingSince", "userId") WHERE "state" = 'ERROR';

-- Counting, now of active assignments only. Both directions lock the product row before the seat,
-- so that every writer of a seat — a claim, a direct assignment, a member served from the queue
-- under the product's lock — takes the two locks in the same order and none can deadlock another.
-- FOR NO KEY UPDATE (the lock an UPDATE of "consumedUnits" takes anyway) leaves inserts of
-- assignments, whose foreign key share-locks the product's key, free to proceed.
CREATE FUNCTION licence_take(product uuid, holder uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  holders integer;
BEGIN
  PERFORM 1 FROM "Product" WHERE "id" = product FOR NO KEY UPDATE;
  INSERT INTO "LicenseSeat" ("productId", "userId", "holds")
    VALUES (product, holder, 1)
    ON CONFLICT ("productId", "userId") DO UPDATE SET "holds" = "LicenseSeat"."holds" + 1
    RETURNING "holds" INTO holders;
  IF holders = 1 THEN
    UPDATE "Product" SET "consumedUnits" = "consumedUnits" + 1 WHERE "id" = product;
  END IF;
END
$$;

CREATE FUNCTION licence_release(product uuid, holder uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  holders integer;
BEGIN
  PERFORM 1 FROM "Product" WHERE "id" = product FOR NO KEY UPDATE;
  UPDATE "LicenseSeat" SET "holds" = "holds" - 1
    WHERE "productId" = product AND "userId" = holder
    RETURNING "holds" INTO holders;
  IF holders = 0 THEN
    DELETE FROM "LicenseSeat" WHERE "productId" = product AND "userId" = holder;
    UPDATE "Product" SET "consumedUnits" = "consumedUnits" - 1 WHERE "id" = product;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION licence_seat_take() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."state" = 'ACTIVE' THEN
    PERFORM licence_take(NEW."productId", NEW."userId");
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION licence_seat_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."state" = 'ACTIVE' THEN
    PERFORM licence_release(OLD."productId", OLD."userId");
  END IF;
  RETURN OLD;
END
$$;

-- Served from the queue (ERROR → ACTIVE) takes a seat; the reverse gives it back.
CREATE FUNCTION licence_seat_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."state" = 'ACTIVE' THEN
    PERFORM licence_take(NEW."productId", NEW."userId");
  ELSE
    PERFORM licence_release(NEW."productId", NEW."userId");
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "LicenseAssignment_state_seat" AFTER UPDATE OF "state" ON "LicenseAssignment"
  FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state")
  EXECUTE FUNCTION licence_seat_state();
