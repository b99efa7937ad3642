-- Statement-level licence counting (ADR 31). The row-level triggers of the licence integrity
-- migration took a seat and updated the product row once per assignment: one statement inserting N
-- assignments of a product updated its row N times, each update adding a row version that nothing
-- could prune before the end of the transaction and that the next update had to walk — quadratic.
-- Now each statement that inserts, deletes or changes the state of assignments counts once, from
-- its transition tables: the products it touches are locked once (in id order), the seats of each
-- (product, user) change once by the number of that statement's active assignments of the pair,
-- and each product row is updated once by the number of seats that appeared or went.
--
-- Unchanged: consumed units = distinct ACTIVE holders (LicenseSeat), the CHECK consumed ≤ purchased
-- (now judged on the statement's net change, still before the statement ends), ERROR assignments
-- hold nothing, the immutable holder (a row-level BEFORE trigger), the pool alerts (deferred
-- constraint trigger on Product: one event per statement now instead of one per row), the webhook
-- and request-closing triggers (row-level: one event or request per row is linear work). The lock
-- order stays product row → seat → policy row: the counting triggers are named so that they fire
-- before the cap guard ("count" < "policy"; triggers of one event fire in name order, and a
-- statement's row-level triggers all fire before its statement-level ones, so the cap guard is
-- statement-level too).

-- The one home of counting: (product, holder, change in active assignments) triples, any number,
-- in any order, repeated or not. Locks each product row (id order) before any seat.
CREATE FUNCTION licence_count(p_products uuid[], p_holders uuid[], p_deltas integer[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  taken_products uuid[];
  taken_counts integer[];
  gone_products uuid[];
  gone_counts integer[];
  any_taken boolean;
  any_released boolean;
BEGIN
  IF coalesce(array_length(p_products, 1), 0) = 0 THEN
    RETURN;
  END IF;
  SELECT coalesce(bool_or(d > 0), false), coalesce(bool_or(d < 0), false) INTO any_taken, any_released FROM unnest(p_deltas) d;

  PERFORM 1 FROM "Product" p
    WHERE p."id" IN (SELECT DISTINCT x FROM unnest(p_products) x)
    ORDER BY p."id"
    FOR NO KEY UPDATE;

  -- Seats taken: a pair whose seat had no holds before (absent) is a new distinct holder.
  IF any_taken THEN
    WITH d AS (
      SELECT x.product, x.holder, sum(x.delta)::integer AS delta
        FROM unnest(p_products, p_holders, p_deltas) AS x(product, holder, delta)
       GROUP BY x.product, x.holder
      HAVING sum(x.delta) > 0
    ), up AS (
      INSERT INTO "LicenseSeat" ("productId", "userId", "holds")
        SELECT d.product, d.holder, d.delta FROM d ORDER BY d.product, d.holder
        ON CONFLICT ("productId", "userId") DO UPDATE SET "holds" = "LicenseSeat"."holds" + EXCLUDED."holds"
        RETURNING "productId", "userId", "holds"
    ), fresh AS (
      SELECT up."productId", count(*)::integer AS n
        FROM up JOIN d ON d.product = up."productId" AND d.holder = up."userId"
       WHERE up."holds" = d.delta
       GROUP BY up."productId"
    )
    SELECT array_agg(fresh."productId"), array_agg(fresh.n) INTO taken_products, taken_counts FROM fresh;
  END IF;

  -- Seats released: holds fall by the pair's count (never below 0, LicenseSeat_holds_check); a
  -- seat left with none is removed and its product's unit freed.
  IF any_released THEN
    WITH d AS (
      SELECT x.product, x.holder, -sum(x.delta)::integer AS delta
        FROM unnest(p_products, p_holders, p_deltas) AS x(product, holder, delta)
       GROUP BY x.product, x.holder
      HAVING sum(x.delta) < 0
    )
    UPDATE "LicenseSeat" s SET "holds" = s."holds" - d.delta
      FROM d WHERE s."productId" = d.product AND s."userId" = d.holder;
    WITH d AS (
      SELECT x.product, x.holder
        FROM unnest(p_products, p_holders, p_deltas) AS x(product, holder, delta)
       GROUP BY x.product, x.holder
      HAVING sum(x.delta) < 0
    ), gone AS (
      DELETE FROM "LicenseSeat" s USING d
       WHERE s."productId" = d.product AND s."userId" = d.holder AND s."holds" = 0
      RETURNING s."productId"
    ), counted AS (
      SELECT gone."productId", count(*)::integer AS n FROM gone GROUP BY gone."productId"
    )
    SELECT array_agg(counted."productId"), array_agg(counted.n) INTO gone_products, gone_counts FROM counted;
  END IF;

  -- Each product row once, by its net change.
  UPDATE "Product" p SET "consumedUnits" = p."consumedUnits" + c.n
    FROM (
      SELECT x.product, sum(x.n)::integer AS n
        FROM (SELECT * FROM unnest(taken_products, taken_counts) AS t(product, n)
              UNION ALL
              SELECT t.product, -t.n FROM unnest(gone_products, gone_counts) AS t(product, n)) x
       GROUP BY x.product
      HAVING sum(x.n) <> 0
    ) c
   WHERE p."id" = c.product;
END
$$;

-- The single-pair helpers of ADR 14 stay, now through the one home.
CREATE OR REPLACE FUNCTION licence_take(product uuid, holder uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM licence_count(ARRAY[product], ARRAY[holder], ARRAY[1]);
END
$$;

CREATE OR REPLACE FUNCTION licence_release(product uuid, holder uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM licence_count(ARRAY[product], ARRAY[holder], ARRAY[-1]);
END
$$;

CREATE FUNCTION licence_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  products uuid[];
  holders uuid[];
  deltas integer[];
BEGIN
  SELECT array_agg(n."productId"), array_agg(n."userId"), array_agg(1)
    INTO products, holders, deltas
    FROM licence_new n WHERE n."state" = 'ACTIVE';
  PERFORM licence_count(products, holders, deltas);
  RETURN NULL;
END
$$;

CREATE FUNCTION licence_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  products uuid[];
  holders uuid[];
  deltas integer[];
BEGIN
  SELECT array_agg(o."productId"), array_agg(o."userId"), array_agg(-1)
    INTO products, holders, deltas
    FROM licence_old o WHERE o."state" = 'ACTIVE';
  PERFORM licence_count(products, holders, deltas);
  RETURN NULL;
END
$$;

-- ERROR → ACTIVE takes a seat, ACTIVE → ERROR gives it back (holder and product never change:
-- "LicenseAssignment_immutable_holder"). A transition table rules out a column list (UPDATE OF
-- "state"), so this runs for every UPDATE statement and counts only the rows whose state changed.
CREATE FUNCTION licence_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  products uuid[];
  holders uuid[];
  deltas integer[];
BEGIN
  SELECT array_agg(n."productId"), array_agg(n."userId"), array_agg(CASE WHEN n."state" = 'ACTIVE' THEN 1 ELSE -1 END)
    INTO products, holders, deltas
    FROM licence_old o JOIN licence_new n ON n."id" = o."id"
   WHERE o."state" IS DISTINCT FROM n."state" AND (o."state" = 'ACTIVE' OR n."state" = 'ACTIVE');
  PERFORM licence_count(products, holders, deltas);
  RETURN NULL;
END
$$;

DROP TRIGGER "LicenseAssignment_take_seat" ON "LicenseAssignment";
DROP TRIGGER "LicenseAssignment_release_seat" ON "LicenseAssignment";
DROP TRIGGER "LicenseAssignment_state_seat" ON "LicenseAssignment";
DROP FUNCTION licence_seat_take();
DROP FUNCTION licence_seat_release();
DROP FUNCTION licence_seat_state();

CREATE TRIGGER "LicenseAssignment_count_inserted" AFTER INSERT ON "LicenseAssignment"
  REFERENCING NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION licence_count_inserted();
CREATE TRIGGER "LicenseAssignment_count_deleted" AFTER DELETE ON "LicenseAssignment"
  REFERENCING OLD TABLE AS licence_old
  FOR EACH STATEMENT EXECUTE FUNCTION licence_count_deleted();
CREATE TRIGGER "LicenseAssignment_count_updated" AFTER UPDATE ON "LicenseAssignment"
  REFERENCING OLD TABLE AS licence_old NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION licence_count_updated();

-- The cap guard (ADR 19), once per statement and capped policy: a capped policy holding more than
-- its cap after the statement fails it. Row-level it counted the policy's holding once per row
-- (quadratic for a bulk insert into a capped policy), and it fired before the statement-level
-- counting, so a statement that had not locked its product first would have locked the policy
-- before the product. Statement-level and named after the counting trigger, it runs after it:
-- product rows, then policy rows (in id order). The refusal of a claim past a cap set concurrently
-- is unchanged: the policy row is locked, then its holding counted in a new snapshot.
CREATE OR REPLACE FUNCTION policy_cap_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  policy uuid;
  held integer;
  cap integer;
BEGIN
  FOR policy IN
    SELECT DISTINCT n."policyId" FROM licence_new n
     WHERE n."source" = 'AUTO_CLAIM' AND n."state" = 'ACTIVE'
       AND EXISTS (SELECT 1 FROM "AutoClaimPolicy" p WHERE p."id" = n."policyId" AND p."maxUnits" IS NOT NULL)
     ORDER BY 1
  LOOP
    SELECT c."held", c."maxUnits" INTO held, cap FROM policy_cap_lock(policy) c;
    IF cap IS NOT NULL AND held > cap THEN
      RAISE EXCEPTION 'AutoClaimPolicy_cap_check: the policy holds its maximum of % licences', cap
        USING ERRCODE = 'check_violation', CONSTRAINT = 'AutoClaimPolicy_cap_check', TABLE = 'AutoClaimPolicy';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

DROP TRIGGER "LicenseAssignment_policy_cap" ON "LicenseAssignment";
CREATE TRIGGER "LicenseAssignment_policy_cap" AFTER INSERT ON "LicenseAssignment"
  REFERENCING NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION policy_cap_check();

-- The closing of pending requests (migration requests_close_when_licensed) and the license.claimed
-- webhook event, once per statement too: one set-based UPDATE of the requests, and events only when
-- a subscription of the statement's tenants wants them. The rules are unchanged: a request closes as
-- ALREADY_LICENSED when its person starts holding a standalone product for the request's app (any
-- standalone product for a request whose app is gone), naming the first such assignment of the
-- statement; every assignment that starts holding a unit gives one event, in the statement's order.
CREATE FUNCTION license_requests_close(p_tenants uuid[], p_users uuid[], p_products uuid[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
  UPDATE "LicenseRequest" r
     SET "status" = 'ALREADY_LICENSED', "productId" = m.product, "decidedAt" = now(), "decidedById" = NULL
    FROM (
      SELECT DISTINCT ON (q."id") q."id" AS request, x.product
        FROM unnest(p_tenants, p_users, p_products) WITH ORDINALITY AS x(tenant, holder, product, ord)
        JOIN "Product" p ON p."id" = x.product AND p."standaloneFor" IS NOT NULL
        JOIN "LicenseRequest" q ON q."tenantId" = x.tenant AND q."userId" = x.holder AND q."status" = 'PENDING'
       WHERE q."appId" IS NULL
          OR EXISTS (SELECT 1 FROM "App" a WHERE a."id" = q."appId" AND a."autoClaimApp"::TEXT = p."standaloneFor"::TEXT)
       ORDER BY q."id", x.ord
    ) m
   WHERE r."id" = m.request
$$;

CREATE FUNCTION license_request_close_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenants uuid[];
  holders uuid[];
  products uuid[];
BEGIN
  SELECT array_agg(n."tenantId"), array_agg(n."userId"), array_agg(n."productId")
    INTO tenants, holders, products
    FROM licence_new n WHERE n."state" = 'ACTIVE';
  IF tenants IS NOT NULL THEN
    PERFORM license_requests_close(tenants, holders, products);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION license_request_close_served() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenants uuid[];
  holders uuid[];
  products uuid[];
BEGIN
  SELECT array_agg(n."tenantId"), array_agg(n."userId"), array_agg(n."productId")
    INTO tenants, holders, products
    FROM licence_old o JOIN licence_new n ON n."id" = o."id"
   WHERE o."state" <> 'ACTIVE' AND n."state" = 'ACTIVE';
  IF tenants IS NOT NULL THEN
    PERFORM license_requests_close(tenants, holders, products);
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER "LicenseAssignment_request_close_inserted" ON "LicenseAssignment";
DROP TRIGGER "LicenseAssignment_request_close_served" ON "LicenseAssignment";
DROP FUNCTION license_request_close_when_licensed();
CREATE TRIGGER "LicenseAssignment_request_close_inserted" AFTER INSERT ON "LicenseAssignment"
  REFERENCING NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION license_request_close_inserted();
CREATE TRIGGER "LicenseAssignment_request_close_served" AFTER UPDATE ON "LicenseAssignment"
  REFERENCING OLD TABLE AS licence_old NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION license_request_close_served();

-- license.claimed for one assignment (the payload of the webhooks migration, unchanged).
CREATE FUNCTION webhook_license_claimed_event(a "LicenseAssignment") RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(a."tenantId", 'license.claimed', 'users/' || a."userId", jsonb_build_object(
    'assignmentId', a."id", 'user', webhook_user(a."userId"), 'product', webhook_product(a."productId"),
    'source', a."source", 'policyId', a."policyId", 'launchId', a."launchId", 'groupId', a."groupId",
    'actor', webhook_actor(CASE a."source" WHEN 'AUTO_CLAIM' THEN a."userId" WHEN 'DIRECT' THEN a."assignedById" ELSE NULL END)));
END
$$;

CREATE FUNCTION webhook_licenses_claimed_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a "LicenseAssignment";
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "WebhookSubscription" s
                  WHERE s."tenantId" IN (SELECT DISTINCT n."tenantId" FROM licence_new n)
                    AND s."enabled" AND 'license.claimed' = ANY (s."eventTypes")) THEN
    RETURN NULL;
  END IF;
  FOR a IN SELECT n.* FROM licence_new n WHERE n."state" = 'ACTIVE' AND webhook_wanted(n."tenantId", 'license.claimed') LOOP
    PERFORM webhook_license_claimed_event(a);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE FUNCTION webhook_licenses_claimed_served() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a "LicenseAssignment";
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "WebhookSubscription" s
                  WHERE s."tenantId" IN (SELECT DISTINCT n."tenantId" FROM licence_new n)
                    AND s."enabled" AND 'license.claimed' = ANY (s."eventTypes")) THEN
    RETURN NULL;
  END IF;
  FOR a IN SELECT n.* FROM licence_new n JOIN licence_old o ON o."id" = n."id"
            WHERE o."state" <> 'ACTIVE' AND n."state" = 'ACTIVE' AND webhook_wanted(n."tenantId", 'license.claimed') LOOP
    PERFORM webhook_license_claimed_event(a);
  END LOOP;
  RETURN NULL;
END
$$;

DROP TRIGGER "LicenseAssignment_webhook_claimed" ON "LicenseAssignment";
DROP TRIGGER "LicenseAssignment_webhook_served" ON "LicenseAssignment";
DROP FUNCTION webhook_license_claimed();
CREATE TRIGGER "LicenseAssignment_webhook_claimed" AFTER INSERT ON "LicenseAssignment"
  REFERENCING NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_licenses_claimed_inserted();
CREATE TRIGGER "LicenseAssignment_webhook_served" AFTER UPDATE ON "LicenseAssignment"
  REFERENCING OLD TABLE AS licence_old NEW TABLE AS licence_new
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_licenses_claimed_served();
