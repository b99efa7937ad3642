-- A pending licence request closes itself when the person gets the product another way (a claim,
-- a group, a direct assignment, the waiting list): "Already licensed". Its own migration, because a
-- new enum value can be used only after the transaction that adds it commits.
ALTER TYPE "RequestStatus" ADD VALUE IF NOT EXISTS 'ALREADY_LICENSED';
