import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * The layers, as import rules (docs/decisions/0013-layers-enforced-by-lint.md; proved by
 * tests/lint/layers.test.ts). Data flows page or route → action / route handler → domain → Prisma:
 * - src/app and src/components never import Prisma's client or models (enums are plain values), and
 *   call no Prisma query method;
 * - components (every file of src/components, and the files of src/app that are not a route's
 *   page, layout, route handler or actions) import values from src/server only from a domain
 *   schema module, anything else only as `import type` — and not even types from a domain service
 *   or the database client: the page reads, and passes plain props;
 * - src/server/domain never imports the protocols (src/server/http), the wrappers and guards, Next
 *   or src/app.
 */
const PRISMA = [
  {
    regex: "(^|/)generated/prisma/(?!enums$)",
    message: "Prisma's client and models stay in src/server: read and change through a domain function (enums: @/generated/prisma/enums).",
  },
  { regex: "^@prisma/", message: "Prisma stays in src/server: read and change through a domain function." },
];

const COMPONENT = [
  ...PRISMA,
  {
    regex: "^@/server/(db|domain/[^/]+/service)(/|$)",
    message:
      "A component never imports a domain service or the database, not even a type: the page reads and passes plain props; shapes both sides name live in the domain's schema module.",
  },
  {
    regex: "^@/server/(?!db(/|$)|domain/[^/]+/service(/|$)|domain/[^/]+/schema$)",
    allowTypeImports: true,
    message:
      "A component imports values from src/server only from a domain schema module (@/server/domain/<concept>/schema); anything else only as `import type`.",
  },
  { regex: "^(\\.\\./)+server(/|$)", message: "Import server modules by their @/server/… path, so the layer rules can read it." },
];

const DOMAIN = [
  {
    regex: "^@/server/http(/|$)|^(\\.\\./)+http(/|$)",
    message: "The domain holds business rules only: protocols (src/server/http) call the domain, never the other way.",
  },
  {
    regex: "^@/server/(action|auth)(/|$)|^(\\.\\./)+(action|auth)(/|$)",
    message: "The wrappers and guards call the domain with a context; the domain never reads the session or a request.",
  },
  { regex: "^next(/|$)", message: "The domain does not depend on Next: it takes a context and options, and throws DomainErrors the wrappers map." },
  { regex: "^@/app(/|$)|^(\\.\\./)+app(/|$)", message: "Routes call the domain, never the other way." },
];

/** Prisma's query methods by name (the generic create / update / delete / count are left out: Map and Set have them). */
const PRISMA_QUERY = {
  selector:
    "MemberExpression[property.name=/^(findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|createMany|createManyAndReturn|updateMany|updateManyAndReturn|deleteMany|upsert|aggregate|groupBy|\\$queryRaw|\\$queryRawUnsafe|\\$executeRaw|\\$executeRawUnsafe|\\$transaction)$/]",
  message: "No Prisma queries in src/app or src/components: call a domain function.",
};

/** Files of src/app that Next runs on the server as a route's entry: they may read through domain services. */
const APP_ENTRIES = ["src/app/**/{page,layout,template,default,route,actions}.{ts,tsx}"];

/** Next.js's flat configs (core web vitals + TypeScript); generated and build output ignored; the layers. */
const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    files: ["src/app/**/*.{ts,tsx}", "src/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: PRISMA }],
      "no-restricted-syntax": ["error", PRISMA_QUERY],
    },
  },
  {
    files: ["src/components/**/*.{ts,tsx}", "src/app/**/*.{ts,tsx}"],
    ignores: [...APP_ENTRIES, "**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: COMPONENT }] },
  },
  {
    files: ["src/server/domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: DOMAIN }] },
  },
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
