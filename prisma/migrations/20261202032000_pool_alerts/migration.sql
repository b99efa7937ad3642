-- Pool alerts and consumption history (SPEC §8.2, ADR 15). Each product has three thresholds, in
-- percent of its purchased units consumed. Crossing one raises one alert of that level; falling
-- back under resolves it. The database does both, in a trigger on "Product", so that a storm of
-- concurrent claims raises exactly one alert per level, every code path (even raw SQL) is covered,
-- and the claim path runs no extra statement of its own. The same trigger keeps each day's peak of
-- consumed units, from which the runway is read.

ALTER TABLE "Product"
  ADD COLUMN "warningPercent" INTEGER NOT NULL DEFAULT 80,
  ADD COLUMN "criticalPercent" INTEGER NOT NULL DEFAULT 95,
  ADD COLUMN "emptyPercent" INTEGER NOT NULL DEFAULT 100;

ALTER TABLE "Product" ADD CONSTRAINT "Product_thresholds_check" CHECK (
  1 <= "warningPercent" AND "warningPercent" < "criticalPercent" AND "criticalPercent" <= "emptyPercent" AND "emptyPercent" <= 100
);

CREATE TYPE "AlertLevel" AS ENUM ('WARNING', 'CRITICAL', 'EMPTY');

CREATE TABLE "ProductAlert" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenantId" UUID NOT NULL,
  "productId" UUID NOT NULL,
  "level" "AlertLevel" NOT NULL,
  "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "resolvedAt" TIMESTAMP(3),
  "consumedUnits" INTEGER NOT NULL,
  "purchasedUnits" INTEGER NOT NULL,
  CONSTRAINT "ProductAlert_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ProductAlert_tenantId_resolvedAt_idx" ON "ProductAlert" ("tenantId", "resolvedAt");
CREATE INDEX "ProductAlert_productId_level_idx" ON "ProductAlert" ("productId", "level");
-- At most one open alert per product and level: the trigger's ON CONFLICT DO NOTHING makes a
-- crossing raise exactly one, however many transactions cross it at once.
CREATE UNIQUE INDEX "ProductAlert_open_once" ON "ProductAlert" ("productId", "level") WHERE "resolvedAt" IS NULL;
ALTER TABLE "ProductAlert" ADD CONSTRAINT "ProductAlert_tenantId_fkey"
  FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ProductAlert" ADD CONSTRAINT "ProductAlert_productId_fkey"
  FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ProductUsageDay" (
  "productId" UUID NOT NULL,
  "day" DATE NOT NULL,
  "consumedUnits" INTEGER NOT NULL,
  "purchasedUnits" INTEGER NOT NULL,
  CONSTRAINT "ProductUsageDay_pkey" PRIMARY KEY ("productId", "day")
);
ALTER TABLE "ProductUsageDay" ADD CONSTRAINT "ProductUsageDay_productId_fkey"
  FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Raise the alerts a pool is at or over and resolve the others; record the day's peak. A pool
-- never bought (0 purchased units) raises nothing. Times are UTC, like every Prisma DateTime.
CREATE FUNCTION pool_alerts_evaluate(
  product uuid, tenant uuid, consumed integer, purchased integer, warning integer, critical integer, empty integer
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  at timestamp(3) := now() AT TIME ZONE 'UTC';
  lvl "AlertLevel";
  threshold integer;
BEGIN
  FOR lvl, threshold IN SELECT * FROM (VALUES ('WARNING'::"AlertLevel", warning), ('CRITICAL'::"AlertLevel", critical), ('EMPTY'::"AlertLevel", empty)) AS l LOOP
    IF purchased > 0 AND consumed::bigint * 100 >= threshold::bigint * purchased THEN
      INSERT INTO "ProductAlert" ("tenantId", "productId", "level", "raisedAt", "consumedUnits", "purchasedUnits")
        VALUES (tenant, product, lvl, at, consumed, purchased)
        ON CONFLICT ("productId", "level") WHERE "resolvedAt" IS NULL DO NOTHING;
    ELSE
      UPDATE "ProductAlert" SET "resolvedAt" = at
        WHERE "productId" = product AND "level" = lvl AND "resolvedAt" IS NULL;
    END IF;
  END LOOP;
  INSERT INTO "ProductUsageDay" ("productId", "day", "consumedUnits", "purchasedUnits")
    VALUES (product, at::date, consumed, purchased)
    ON CONFLICT ("productId", "day") DO UPDATE
      SET "consumedUnits" = GREATEST("ProductUsageDay"."consumedUnits", EXCLUDED."consumedUnits"),
          "purchasedUnits" = EXCLUDED."purchasedUnits";
END
$$;

CREATE FUNCTION pool_alerts_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pool_alerts_evaluate(NEW."id", NEW."tenantId", NEW."consumedUnits", NEW."purchasedUnits",
    NEW."warningPercent", NEW."criticalPercent", NEW."emptyPercent");
  RETURN NEW;
END
$$;

-- Runs inside the statement that changed the pool, under the row lock that statement holds: the
-- claims of one product pass through it one at a time.
CREATE TRIGGER "Product_pool_alerts" AFTER UPDATE OF "consumedUnits", "purchasedUnits", "warningPercent", "criticalPercent", "emptyPercent" ON "Product"
  FOR EACH ROW WHEN (
    OLD."consumedUnits" IS DISTINCT FROM NEW."consumedUnits"
    OR OLD."purchasedUnits" IS DISTINCT FROM NEW."purchasedUnits"
    OR OLD."warningPercent" IS DISTINCT FROM NEW."warningPercent"
    OR OLD."criticalPercent" IS DISTINCT FROM NEW."criticalPercent"
    OR OLD."emptyPercent" IS DISTINCT FROM NEW."emptyPercent"
  )
  EXECUTE FUNCTION pool_alerts_product();

-- A new product starts its history (and, bought full, its alerts) at once.
CREATE TRIGGER "Product_pool_alerts_insert" AFTER INSERT ON "Product"
  FOR EACH ROW EXECUTE FUNCTION pool_alerts_product();

-- The products that exist now: their alerts and the first day of their history.
SELECT pool_alerts_evaluate("id", "tenantId", "consumedUnits", "purchasedUnits", "warningPercent", "criticalPercent", "emptyPercent") FROM "Product";
