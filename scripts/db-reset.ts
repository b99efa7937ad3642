/**
 * `npm run db:reset`: drops, migrates and re-seeds the database DATABASE_URL names. An embedded
 * database in use by another process (the demo, the app) is refused, never deleted (scripts/lib.ts).
 */
import { parseEnv } from "@/env";
import { dropDatabase, prepareDatabase } from "./lib";

const env = parseEnv(process.env);
await dropDatabase(env.DATABASE_URL);
await prepareDatabase(env.DATABASE_URL, { demo: env.DEMO_MODE });
console.log("Database reset.");
