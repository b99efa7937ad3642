/**
 * Every statement on a tenant table names its tenant (ADR 33, docs/scaling.md).
 *
 * A tenant table is one with a "tenantId" column; the list is read from the migrated database
 * (information_schema), never written by hand. A statement passes when
 * - an INSERT into a tenant table supplies "tenantId";
 * - a SELECT, UPDATE or DELETE constrains every tenant table it reads or writes: that table's
 *   "tenantId" equals a value (`= $1`, `IN ($1, $2)`, `= ANY($1)`), or the table is joined by an
 *   equality (WHERE or JOIN … ON) to a tenant table already constrained, or its column is
 *   `IN (SELECT …)` a subquery that itself reads a constrained tenant table. Subqueries see the
 *   tables of the statements around them (a correlated EXISTS is constrained through its outer row).
 *
 * Statements are parsed by libpg-query (PostgreSQL's own parser, libpg_query, compiled to WASM and
 * bundled in the package — it runs offline and accepts exactly what PostgreSQL 17 accepts, so no
 * statement Prisma or our raw SQL sends is "unparseable" for want of grammar). A statement it cannot
 * parse is a violation, never a pass.
 *
 * The test database records every statement its Prisma client sends (tests/setup/db.ts);
 * tests/setup/tenant-check.ts checks them after each file. The allowlists below are the only way
 * past the check.
 */
import { createHash } from "node:crypto";
import { loadModule, parseSync } from "libpg-query";
import { PENDING_STATEMENTS } from "./tenant-predicates-pending";

// ————————————————————————————————————————————————————————————— allowlists

export interface Allowed {
  /** `statementSignature(sql)`: the statement's kind, its first table and a hash of its normalised text. */
  signature: string;
  why: string;
}

/**
 * Genuinely cross-tenant statements, each with its reason. Keep this as small as possible:
 * everything else names its tenant.
 */
export const CROSS_TENANT: Allowed[] = [
  // tokens/service.ts authenticateToken: the caller is not known until its token is (docs/scaling.md:
  // on a distributed database, a tenant-agnostic ApiTokenLookup table answers this one).
  { signature: "SELECT ApiToken #aa4210699d", why: "API-token look-up by hash, before the tenant is known" },
  { signature: "SELECT ApiToken #7a2d7a32c3", why: "API-token look-up of several hashes at once (the token cache), before the tenant is known" },
  // The background workers lease due rows of every tenant in one statement (FOR UPDATE SKIP LOCKED);
  // distributed, they poll per tenant or per shard (docs/scaling.md). What follows a lease names the row's tenant.
  { signature: "UPDATE EmailOutbox #306a4cbe2e", why: "notifications/outbox.ts leases due e-mails of every tenant" },
  { signature: "UPDATE WebhookDelivery #938e24794f", why: "webhooks/delivery.ts leases due deliveries of every tenant" },
  { signature: "UPDATE ReclaimRun #682f3ff9f1", why: "reclaim/runs.ts leases the next due run of any tenant" },
  { signature: "INSERT ReclaimRun #561cd969f2", why: "reclaim/runs.ts writes the day's run of every enabled rule, of every tenant" },
  // The operator's view of the process: the background backlog of every tenant together.
  { signature: "SELECT EmailOutbox #210c995979", why: "the health endpoint counts the pending outbox, webhook and reclaim rows of all tenants" },
  // Migrations: DDL, run once on the whole database (tests/migrations.db.test.ts runs the CLI's).
  { signature: "CREATE - #137871f0b0", why: "the migration history table of prisma migrate, created by the migrations test" },
];

/**
 * Statements still to fix, each tagged with the folder that owns it: the list is in
 * tenant-predicates-pending.ts, written from a run by tenant-predicates-baseline.ts. Clear an entry
 * when its statement names its tenant (a stale entry is harmless, a new unlisted statement fails).
 */
export const PENDING: (Allowed & { owner: string })[] = PENDING_STATEMENTS;

// ————————————————————————————————————————————————————————————— the collector

/** Statements sent by this test file's databases (one module instance per file). */
const collected = new Map<string, number>();
let tenantTables: Set<string> | null = null;

export function recordStatement(sql: string): void {
  collected.set(sql, (collected.get(sql) ?? 0) + 1);
}

export function setTenantTables(tables: Iterable<string>): void {
  tenantTables = new Set(tables);
}

export function collectedStatements(): string[] {
  return [...collected.keys()];
}

export function collectedTenantTables(): Set<string> | null {
  return tenantTables;
}

/** The SQL that reads the tenant tables from a migrated database. */
export const TENANT_TABLES_SQL = `SELECT table_name AS name FROM information_schema.columns
  WHERE table_schema = 'public' AND column_name = 'tenantId' ORDER BY table_name`;

// ————————————————————————————————————————————————————————————— signatures

/** A stable name for a statement: kind, first table, and a hash of its text with parameters collapsed. */
export function statementSignature(sql: string): string {
  const normal = sql
    .replace(/\s+/g, " ")
    .replace(/\$\d+/g, "$")
    .replace(/\$(?:\s*,\s*\$)+/g, "$…")
    .trim();
  const kind = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "?";
  const table = /"(?:public"\.")?([A-Z]\w*)"/.exec(sql)?.[1] ?? "-";
  return `${kind} ${table} #${createHash("sha256").update(normal).digest("hex").slice(0, 10)}`;
}

// ————————————————————————————————————————————————————————————— the check

export interface Violation {
  sql: string;
  signature: string;
  problem: string;
}

let loaded: Promise<void> | null = null;
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

type Node = Record<string, unknown>;
type Col = { alias: string; column: string; scope: Scope };
interface Item {
  alias: string;
  table: string | null; // null: a derived table or a function
  tenant: boolean;
}
interface Scope {
  items: Item[];
  parent: Scope | null;
  constrained: Set<string>; // aliases
  ctes: Set<string>;
}

const ALLOWED_NO_TENANT = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|DEALLOCATE|LISTEN|UNLISTEN|NOTIFY)\b/i;

/** Checks statements (parser loaded first: `await loadParser()`). */
export function checkStatements(statements: Iterable<string>, tables: Set<string>): Violation[] {
  const out: Violation[] = [];
  for (const sql of statements) {
    for (const problem of checkStatement(sql, tables)) out.push({ sql, signature: statementSignature(sql), problem });
  }
  return out;
}

export function checkStatement(sql: string, tables: Set<string>): string[] {
  if (ALLOWED_NO_TENANT.test(sql) && !/\b(FROM|INTO|UPDATE)\b/i.test(sql)) return [];
  let tree: { stmts?: { stmt: Node }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (error) {
    return [`cannot be parsed (${(error as Error).message}): the check refuses what it cannot read`];
  }
  const problems: string[] = [];
  for (const { stmt } of tree.stmts ?? []) new Checker(tables, problems).statement(stmt, null, new Set());
  return problems;
}

function one(node: unknown): [string, Node] | null {
  if (!node || typeof node !== "object") return null;
  const keys = Object.keys(node);
  if (keys.length !== 1) return null;
  return [keys[0]!, (node as Record<string, Node>)[keys[0]!]!];
}

function andParts(node: unknown): unknown[] {
  const n = one(node);
  if (n && n[0] === "BoolExpr" && n[1].boolop === "AND_EXPR") return (n[1].args as unknown[]).flatMap(andParts);
  return node ? [node] : [];
}

function unwrap(node: unknown): [string, Node] | null {
  let n = one(node);
  while (n && (n[0] === "TypeCast" || n[0] === "CollateClause")) n = one(n[1].arg);
  return n;
}

/** A value fixed for the statement: a parameter, a literal, or a cast of one. */
function isValue(node: unknown): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n[0] === "ParamRef" || n[0] === "A_Const") return true;
  if (n[0] === "A_ArrayExpr") return ((n[1].elements as unknown[]) ?? []).every(isValue);
  return false;
}

function isNull(node: unknown): boolean {
  const n = unwrap(node);
  return !!n && n[0] === "A_Const" && n[1].isnull === true;
}

class Checker {
  constructor(
    private readonly tables: Set<string>,
    private readonly problems: string[],
  ) {}

  statement(stmt: Node, outer: Scope | null, ctes: Set<string>): void {
    const n = one(stmt);
    if (!n) return;
    const [kind, body] = n;
    const withCtes = this.withClause(body.withClause as Node | undefined, outer, ctes);
    switch (kind) {
      case "SelectStmt":
        return this.select(body, outer, withCtes);
      case "InsertStmt":
        return this.insert(body, outer, withCtes);
      case "UpdateStmt":
        return this.modify(body, "UPDATE", (body.fromClause as unknown[]) ?? [], [body.targetList], outer, withCtes);
      case "DeleteStmt":
        return this.modify(body, "DELETE", (body.usingClause as unknown[]) ?? [], [], outer, withCtes);
      case "TransactionStmt":
      case "VariableSetStmt":
      case "VariableShowStmt":
      case "NotifyStmt":
      case "ListenStmt":
      case "UnlistenStmt":
      // Schema, not data: a test that defines a failing trigger, the migrations' own functions.
      case "CreateFunctionStmt":
      case "CreateTrigStmt":
      case "DropStmt":
        return;
      case "ExplainStmt":
        return this.statement(body.query as Node, outer, withCtes);
      default:
        this.problems.push(`${kind} is not a statement the check understands`);
    }
  }

  private withClause(clause: Node | undefined, outer: Scope | null, ctes: Set<string>): Set<string> {
    if (!clause) return ctes;
    const names = new Set(ctes);
    for (const cte of (clause.ctes as Node[]) ?? []) {
      const c = one(cte)![1];
      this.statement(c.ctequery as Node, outer, names);
      names.add(c.ctename as string);
    }
    return names;
  }

  private scope(outer: Scope | null, ctes: Set<string>): Scope {
    return { items: [], parent: outer, constrained: new Set(), ctes };
  }

  private addRangeVar(scope: Scope, rv: Node): Item {
    const table = rv.relname as string;
    const isCte = !rv.schemaname && scope.ctes.has(table);
    const alias = ((rv.alias as Node | undefined)?.aliasname as string | undefined) ?? table;
    const item: Item = { alias, table: isCte ? null : table, tenant: !isCte && this.tables.has(table) };
    scope.items.push(item);
    return item;
  }

  /** FROM items: tables joined, their ON conditions, and derived tables checked on their own. */
  private fromItems(scope: Scope, items: unknown[], quals: unknown[], later: (() => void)[]): void {
    for (const item of items) {
      const n = one(item);
      if (!n) continue;
      const [kind, body] = n;
      if (kind === "RangeVar") this.addRangeVar(scope, body);
      else if (kind === "JoinExpr") {
        this.fromItems(scope, [body.larg, body.rarg], quals, later);
        quals.push(...andParts(body.quals));
      } else if (kind === "RangeSubselect") {
        scope.items.push({ alias: ((body.alias as Node | undefined)?.aliasname as string) ?? "?", table: null, tenant: false });
        later.push(() => this.statement(body.subquery as Node, body.lateral ? scope : scope.parent, scope.ctes));
      } else if (kind === "RangeFunction") {
        scope.items.push({ alias: ((body.alias as Node | undefined)?.aliasname as string) ?? "?", table: null, tenant: false });
        later.push(() => this.expressions(body.functions, scope));
      } else this.problems.push(`FROM item ${kind} is not understood`);
    }
  }

  private column(node: unknown, scope: Scope): Col | null {
    const n = unwrap(node);
    if (!n || n[0] !== "ColumnRef") return null;
    const fields = ((n[1].fields as Node[]) ?? []).map((f) => (one(f)?.[0] === "String" ? (one(f)![1].sval as string) : "*"));
    const column = fields[fields.length - 1]!;
    if (fields.length >= 2) {
      const alias = fields[fields.length - 2]!;
      for (let s: Scope | null = scope; s; s = s.parent) if (s.items.some((i) => i.alias === alias)) return { alias, column, scope: s };
      return null;
    }
    // Unqualified: the one item of the nearest scope that can have it.
    for (let s: Scope | null = scope; s; s = s.parent) {
      const candidates = column === "tenantId" ? s.items.filter((i) => i.tenant) : s.items.filter((i) => i.table);
      if (candidates.length === 1) return { alias: candidates[0]!.alias, column, scope: s };
      if (candidates.length > 1) return null;
    }
    return null;
  }

  private isConstrained(col: Col): boolean {
    return col.scope.constrained.has(col.alias);
  }

  /** Marks the aliases the conjuncts constrain, to a fixed point. */
  private solve(scope: Scope, conjuncts: unknown[]): void {
    const edges: [Col, Col][] = [];
    const subqueryIns: [Col, Node][] = [];
    for (const c of conjuncts) {
      const n = one(c);
      if (!n) continue;
      const [kind, e] = n;
      if (kind === "A_Expr") {
        const op = ((e.name as Node[]) ?? []).map((x) => one(x)?.[1].sval).join("");
        const l = this.column(e.lexpr, scope);
        const r = this.column(e.rexpr, scope);
        if (e.kind === "AEXPR_OP" && op === "=") {
          if (l && l.column === "tenantId" && l.scope === scope && isValue(e.rexpr)) scope.constrained.add(l.alias);
          if (r && r.column === "tenantId" && r.scope === scope && isValue(e.lexpr)) scope.constrained.add(r.alias);
          if (l && r) edges.push([l, r]);
        } else if (e.kind === "AEXPR_IN" && op === "=" && l && l.scope === scope) {
          const items = (one(e.rexpr)?.[1].items as unknown[]) ?? [];
          // `x IN (NULL)` (Prisma's include over no parent rows) is never true: the table gives no row.
          if (items.length > 0 && items.every(isNull)) scope.constrained.add(l.alias);
          else if (l.column === "tenantId" && items.length > 0 && items.every(isValue)) scope.constrained.add(l.alias);
        } else if (e.kind === "AEXPR_OP_ANY" && op === "=" && l?.column === "tenantId" && l.scope === scope && isValue(e.rexpr)) {
          scope.constrained.add(l.alias);
        }
      } else if (kind === "SubLink" && e.subLinkType === "ANY_SUBLINK") {
        const l = this.column(e.testexpr, scope);
        if (l && l.scope === scope) subqueryIns.push([l, e.subselect as Node]);
      }
    }
    for (const [l, sub] of subqueryIns) if (this.subqueryIsConstrained(sub, scope)) scope.constrained.add(l.alias);
    for (let changed = true; changed;) {
      changed = false;
      for (const [l, r] of edges) {
        for (const [a, b] of [
          [l, r],
          [r, l],
        ] as const) {
          if (a.scope === scope && !this.isConstrained(a) && this.isConstrained(b)) {
            scope.constrained.add(a.alias);
            changed = true;
          }
        }
      }
    }
  }

  /** Whether a subquery (checked separately) reads at least one tenant table it constrains. */
  private subqueryIsConstrained(sub: Node, outer: Scope): boolean {
    const n = one(sub);
    if (!n || n[0] !== "SelectStmt" || n[1].op !== "SETOP_NONE") return false;
    const scope = this.scope(outer, outer.ctes);
    const quals: unknown[] = [];
    this.fromItems(scope, (n[1].fromClause as unknown[]) ?? [], quals, []);
    this.solve(scope, [...andParts(n[1].whereClause), ...quals]);
    return scope.items.some((i) => i.tenant && scope.constrained.has(i.alias));
  }

  private report(scope: Scope, what: string): void {
    for (const item of scope.items) {
      if (item.tenant && !scope.constrained.has(item.alias)) {
        this.problems.push(`${what} "${item.table}"${item.alias !== item.table ? ` (as ${item.alias})` : ""} without a "tenantId" predicate`);
      }
    }
  }

  private select(body: Node, outer: Scope | null, ctes: Set<string>): void {
    if (body.op && body.op !== "SETOP_NONE") {
      this.statement({ SelectStmt: body.larg as Node }, outer, ctes);
      this.statement({ SelectStmt: body.rarg as Node }, outer, ctes);
      return;
    }
    const scope = this.scope(outer, ctes);
    const quals: unknown[] = [];
    const later: (() => void)[] = [];
    this.fromItems(scope, (body.fromClause as unknown[]) ?? [], quals, later);
    this.solve(scope, [...andParts(body.whereClause), ...quals]);
    this.report(scope, "reads");
    for (const run of later) run();
    this.expressions([body.targetList, body.whereClause, quals, body.havingClause, body.valuesLists, body.sortClause], scope);
  }

  private insert(body: Node, outer: Scope | null, ctes: Set<string>): void {
    const relation = body.relation as Node;
    const table = relation.relname as string;
    const cols = ((body.cols as Node[]) ?? []).map((c) => one(c)![1].name as string);
    if (this.tables.has(table) && cols.length > 0 && !cols.includes("tenantId")) {
      this.problems.push(`inserts into "${table}" without "tenantId"`);
    }
    if (body.selectStmt) this.statement(body.selectStmt as Node, outer, ctes);
    const scope = this.scope(outer, ctes);
    this.addRangeVar(scope, relation);
    scope.constrained.add(scope.items[0]!.alias); // the row it inserts (or its conflict) is its own
    this.expressions([body.onConflictClause, body.returningList], scope);
  }

  private modify(body: Node, what: string, from: unknown[], exprs: unknown[], outer: Scope | null, ctes: Set<string>): void {
    const scope = this.scope(outer, ctes);
    this.addRangeVar(scope, body.relation as Node);
    const quals: unknown[] = [];
    const later: (() => void)[] = [];
    this.fromItems(scope, from, quals, later);
    this.solve(scope, [...andParts(body.whereClause), ...quals]);
    const [target, ...joined] = scope.items;
    if (target?.tenant && !scope.constrained.has(target.alias)) {
      this.problems.push(`${what === "UPDATE" ? "updates" : "deletes from"} "${target.table}" without a "tenantId" predicate`);
    }
    for (const item of joined) {
      if (item.tenant && !scope.constrained.has(item.alias)) this.problems.push(`reads "${item.table}" without a "tenantId" predicate`);
    }
    for (const run of later) run();
    this.expressions([...exprs, body.whereClause, quals, body.returningList], scope);
  }

  /** Subqueries anywhere in these expressions, checked with this scope as their outer one. */
  private expressions(node: unknown, scope: Scope): void {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const x of node) this.expressions(x, scope);
      return;
    }
    const n = one(node);
    if (n && n[0] === "SubLink") {
      this.expressions(n[1].testexpr, scope);
      this.statement(n[1].subselect as Node, scope, scope.ctes);
      return;
    }
    for (const value of Object.values(node)) this.expressions(value, scope);
  }
}

/** Splits violations into those an allowlist covers and the rest. */
export function unlisted(violations: Violation[]): Violation[] {
  const listed = new Set([...CROSS_TENANT, ...PENDING].map((a) => a.signature));
  return violations.filter((v) => !listed.has(v.signature));
}
