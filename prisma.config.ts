import path from "node:path";
import { defineConfig } from "prisma/config";
import { cliAdapterFactory } from "./src/server/db/cli-adapter";

// The CLI runs on Prisma's JavaScript schema engine with the same driver adapter the app uses,
// chosen by DATABASE_URL (docs/decisions/0002-prisma-js-schema-engine.md). No native engine is
// downloaded at install or run time.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  adapter: async () => cliAdapterFactory(),
});
