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
  // The security headers that never change (SPEC §11). Pages get their Content-Security-Policy,
  // with a nonce per request, and HSTS from src/proxy.ts; the APIs answer JSON or CSV, which
  // nothing should run, style or frame.
  async headers() {
    const apiPolicy = [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }];
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
      { source: "/api/:path*", headers: apiPolicy },
      { source: "/graph/:path*", headers: apiPolicy },
    ];
  },
};

export default nextConfig;
