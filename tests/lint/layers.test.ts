/**
 * The layer rules of eslint.config.mjs (ADR 13) report what they should and nothing else: small
 * snippets, linted with the project's own configuration at the paths they would have, each
 * deliberate violation reported with the rule that forbids it, each allowed import left alone.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The layer rules' messages for `code` placed at `file` (a path that need not exist). */
async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax" || m.fatal)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const COMPONENT = "src/components/example/example-card.tsx";
const PAGE = "src/app/(console)/example/page.tsx";
const APP_COMPONENT = "src/app/(console)/example/example-panel.tsx";
const DOMAIN = "src/server/domain/example/service.ts";

describe("components (src/components, and src/app files that are not a route's entry)", () => {
  it.each([
    ["Prisma's client", `import { PrismaClient } from "@/generated/prisma/client";`],
    ["a Prisma type", `import type { Prisma } from "@/generated/prisma/client";`],
    ["Prisma's models", `import type { UserModel } from "@/generated/prisma/models";`],
    ["@prisma/client", `import { Prisma } from "@prisma/client";`],
    ["a domain service", `import { listPolicies } from "@/server/domain/policies/service";`],
    ["a domain service's type", `import type { PolicyOptions } from "@/server/domain/policies/service";`],
    ["the database", `import { db } from "@/server/db";`],
    ["the database's types", `import type { Tx } from "@/server/db/client";`],
    ["a server value outside a schema", `import { forbiddenMessage } from "@/server/domain/errors";`],
    ["a guard's value", `import { getCurrentUser } from "@/server/auth/guards";`],
    ["a relative server path", `import { db } from "../../server/db";`],
  ])("reports %s", async (_, code) => {
    for (const file of [COMPONENT, APP_COMPONENT]) {
      const problems = await layerProblems(file, `${code}\nexport const x = 1;\n`);
      expect(problems, `${file}: ${code}`).toHaveLength(1);
      expect(problems[0]).toMatch(/^no-restricted-imports: /);
    }
  });

  it("reports a Prisma query", async () => {
    const problems = await layerProblems(
      COMPONENT,
      `export async function f(prisma: { user: { findMany(): Promise<unknown> } }) {\n  return prisma.user.findMany();\n}\n`,
    );
    expect(problems).toEqual([expect.stringMatching(/^no-restricted-syntax: No Prisma queries/)]);
  });

  it.each([
    ["a schema module's values", `import { POLICY_NAME_MAX } from "@/server/domain/policies/schema";`],
    ["a schema module's types", `import type { PolicyOptions } from "@/server/domain/policies/schema";`],
    [
      "types from other server modules",
      `import type { ActionResult } from "@/server/action";\nimport type { CurrentUser } from "@/server/auth/guards";\nimport type { AlertLevel } from "@/server/domain/licenses/units";`,
    ],
    ["Prisma's enums", `import type { AutoClaimApp } from "@/generated/prisma/enums";`],
    ["lib and other components", `import { text } from "@/lib/text";\nimport { Button } from "@/components/ui/form";`],
  ])("allows %s", async (_, code) => {
    expect(await layerProblems(COMPONENT, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});

describe("a route's entry files in src/app (pages, layouts, route handlers, actions)", () => {
  it("read through domain services with the database handle", async () => {
    const code = `import { db } from "@/server/db";\nimport { listPolicies } from "@/server/domain/policies/service";\nexport const x = [db, listPolicies];\n`;
    for (const file of [PAGE, "src/app/(console)/example/layout.tsx", "src/app/(console)/example/actions.ts", "src/app/api/v1/example/route.ts"]) {
      expect(await layerProblems(file, code), file).toEqual([]);
    }
  });

  it("never import Prisma's client, nor query it", async () => {
    expect(await layerProblems(PAGE, `import type { PrismaClient } from "@/generated/prisma/client";\nexport const x = 1;\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Prisma's client and models stay in src\/server/),
    ]);
    expect(await layerProblems(PAGE, `import { db } from "@/server/db";\nexport const rows = () => db().user.findMany();\n`)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: /),
    ]);
  });
});

describe("the domain (src/server/domain)", () => {
  it.each([
    ["a protocol", `import { apiRoute } from "@/server/http/api";`],
    ["a protocol, relatively", `import { graphRoute } from "../../http/graph/route";`],
    ["Next", `import { NextResponse } from "next/server";`],
    ["Next's navigation", `import { redirect } from "next/navigation";`],
    ["a route", `import { GET } from "@/app/api/v1/apps/route";`],
    ["the action wrapper", `import { action } from "@/server/action";`],
    ["the session's guards", `import { getCurrentUser } from "@/server/auth/guards";`],
  ])("reports %s", async (_, code) => {
    const problems = await layerProblems(DOMAIN, `${code}\nexport const x = 1;\n`);
    expect(problems, code).toHaveLength(1);
    expect(problems[0]).toMatch(/^no-restricted-imports: /);
  });

  it("allows Prisma, the database and the other concepts", async () => {
    const code = `import type { PrismaClient } from "@/generated/prisma/client";\nimport type { Tx } from "@/server/db/client";\nimport { listApps } from "../apps/service";\nimport { recordAudit } from "../audit/service";\nexport const x = [listApps, recordAudit];\nexport type Y = [PrismaClient, Tx];\n`;
    expect(await layerProblems(DOMAIN, code)).toEqual([]);
  });
});
