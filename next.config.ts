import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // Several builds side by side (e.g. the benchmark's) can each use their own output directory.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  typedRoutes: false,
  // `npm run bench` builds with NEXT_SKIP_TYPECHECK=1: it measures; `npm run typecheck` and CI check types.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  // forbidden() renders src/app/forbidden.tsx (the 403 page) from requireRole().
  experimental: { authInterrupts: true },
};

export default nextConfig;
