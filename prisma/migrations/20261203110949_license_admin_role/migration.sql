-- The License administrator (SPEC §11): manages policies, licences, groups' licences, requests and
-- reclaim; not Org settings, API tokens, webhooks or roles.
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'LICENSE_ADMIN' AFTER 'GLOBAL_ADMIN';
