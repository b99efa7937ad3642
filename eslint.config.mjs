import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/** Next.js's flat configs (core web vitals + TypeScript); generated and build output ignored. */
const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    // Tests are not React: Vitest helpers (useTestDb) and Playwright fixtures (`use`) are not hooks.
    files: ["tests/**", "**/*.test.ts", "playwright.config.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    ignores: [
      "src/generated/**",
      ".next/**",
      ".next-*/**", // builds into other output directories (NEXT_DIST_DIR), e.g. the benchmark's .next-bench
      "node_modules/**",
      ".data/**",
      "playwright-report/**",
      "test-results/**",
      "blob-report/**",
      "coverage/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
