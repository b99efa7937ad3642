-- The claim of SPEC §3 step 5 in one statement (ADR 34). A launch the rule sends to the pool calls
-- launch_claim once, outside any transaction of its own (or inside the caller's, for a policy with
-- a group): the user's row lock, the re-read of their holding, the pick and lock of the first
-- product in the policy's order with a unit left, the launch and the assignment — the counting
-- triggers take the unit, and the policy's cap guard refuses a claim past its cap — all in one
-- round trip, so the product row stays locked for one statement and its COMMIT instead of six
-- round trips.
--
-- It decides nothing of steps 1–4: the app's launch rule (src/server/domain/launches/rules.ts)
-- has decided the launch needs a claim, and passes the traces it decided for each way the pool can
-- answer — "claimed" (one per product position, primary first) and "licensed" (the user got a
-- standalone licence while this launch waited for their row). The function applies step 5 and
-- stores the matching trace. When no product has a unit left it writes nothing and answers
-- EXHAUSTED, and the app records the refusal with its waiting-list place.
--
-- Lock order, as every other writer of a seat (ADR 5, ADR 14, ADR 19): the user's row, then the
-- product's, then (in the cap guard) the policy's.
CREATE FUNCTION launch_claim(
  p_tenant uuid,
  p_user uuid,
  p_app uuid,
  p_environment uuid,
  p_kind "LaunchKind",
  p_policy uuid,
  p_family "AutoClaimApp",
  p_now timestamp(3),
  p_traces jsonb
) RETURNS TABLE (
  "outcome" text,
  "launchId" uuid,
  "assignmentId" uuid,
  "productId" uuid,
  "position" integer,
  "skuId" text,
  "skuPartNumber" text,
  "displayName" text
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  enabled boolean;
  pick record;
BEGIN
  -- One user's concurrent launches queue here; what follows is read by new statements, so it sees
  -- what the launches this one waited for have committed.
  SELECT u."accountEnabled" INTO enabled FROM "User" u
    WHERE u."id" = p_user AND u."tenantId" = p_tenant
    FOR UPDATE;
  IF enabled IS NOT TRUE THEN
    "outcome" := 'DISABLED';
    RETURN NEXT;
    RETURN;
  END IF;

  IF EXISTS (SELECT 1 FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
             WHERE la."userId" = p_user AND la."tenantId" = p_tenant AND la."state" = 'ACTIVE'
               AND p."tenantId" = p_tenant AND p."standaloneFor" = p_family) THEN
    INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "createdAt", "trace")
      VALUES (gen_random_uuid(), p_tenant, p_user, p_app, p_environment, p_kind, 'ALLOW', 'LICENSED', p_now, p_traces -> 'licensed')
      RETURNING "Launch"."id" INTO "launchId";
    "outcome" := 'LICENSED';
    RETURN NEXT;
    RETURN;
  END IF;

  -- The first product in the policy's order with a unit left, locked: claims of one product queue
  -- on its row, and PostgreSQL re-checks the condition after the wait (a product emptied meanwhile
  -- is passed over for the next one in order).
  SELECT p."id", pp."position", pp."disabledPlanIds", p."skuId"::text AS "skuId", p."skuPartNumber", p."displayName"
    INTO pick
    FROM "PolicyProduct" pp JOIN "Product" p ON p."id" = pp."productId"
    WHERE pp."policyId" = p_policy AND p."tenantId" = p_tenant AND p."consumedUnits" < p."purchasedUnits"
    ORDER BY pp."position"
    LIMIT 1
    FOR NO KEY UPDATE OF p;
  IF NOT FOUND THEN
    "outcome" := 'EXHAUSTED';
    RETURN NEXT;
    RETURN;
  END IF;

  INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "productId", "createdAt", "trace")
    VALUES (gen_random_uuid(), p_tenant, p_user, p_app, p_environment, p_kind, 'ALLOW', 'AUTO_CLAIMED', p_policy, pick."id", p_now,
            p_traces -> 'claimed' -> (pick."position")::text)
    RETURNING "Launch"."id" INTO "launchId";
  INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "policyId", "productOrder", "launchId", "assignedAt")
    VALUES (gen_random_uuid(), p_tenant, p_user, pick."id", 'AUTO_CLAIM', pick."disabledPlanIds", p_policy, pick."position", "launchId", p_now)
    RETURNING "LicenseAssignment"."id" INTO "assignmentId";
  "outcome" := 'CLAIMED';
  "productId" := pick."id";
  "position" := pick."position";
  "skuId" := pick."skuId";
  "skuPartNumber" := pick."skuPartNumber";
  "displayName" := pick."displayName";
  RETURN NEXT;
END
$$;
