/**
 * The demo tenant "Contoso" (SPEC §7): 51 users (the three admins and 48 people), 4 groups (one carrying a group licence), four
 * products with Microsoft's real SKU ids, 3 environments (one managed, which brings the
 * auto-created policy of SPEC §4), 12 apps and flows, and 90 days of launches and claims. Power
 * Apps Premium runs out during the history: the people refused since are on the policy's waiting
 * list, and the pool's alerts are open (raised by the database's trigger as the claims filled it).
 * Every product has a list price.
 *
 * Deterministic: a fixed random seed and stable ids; only timestamps move with the clock (the
 * history always ends "now"). The history is simulated with the launch rule itself
 * (traceLaunch), so every recorded decision is one the engine would have made, with its trace.
 */
import bcrypt from "bcryptjs";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { LaunchDecision, LaunchReason } from "@/generated/prisma/enums";
import { traceLaunch } from "@/server/domain/launches/rules";
import { AUTO_CREATED_POLICY_NAME, ensureAutoCreatedPolicy } from "@/server/domain/policies/auto-created";
import { hashToken, tokenPrefix, TOKEN_SCOPES } from "@/server/domain/tokens/hash";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createProduct,
  createTenant,
  createUser,
  stableId,
} from "../../tests/factories";
import { M365_E3, POWER_APPS_PER_APP, POWER_APPS_PREMIUM, POWER_AUTOMATE_PREMIUM } from "./catalog";

export const CONTOSO_DOMAIN = "contoso.com";
export const HISTORY_DAYS = 90;
/** People at the end of PEOPLE who have never launched a premium app (see the history below). */
export const NEWCOMERS = 6;
const DAY = 24 * 60 * 60 * 1000;
/** Days a waiting-list entry lasts without another launch (the policy's default). */
const WAITLIST_EXPIRY_DAYS = 30;
/**
 * Power Apps Premium's units: the history's claims use them up two weeks before it ends, so the
 * people refused since wait for a unit (3 of them, first refused 13, 10 and 3 days before the end)
 * and the pool's three alerts (80 %, 95 %, 100 %) are open, raised by the database as it filled.
 */
export const PREMIUM_UNITS = 27;
/**
 * Reclaim (SPEC §8.3): the first LAPSED people to auto-claim Power Apps Premium more than 45 days
 * before the end stop opening Power Apps apps 40 days before it (they only run flows since), so the
 * policy's reclaim rule — seeded on, in report only — has that many candidates in its dry run. The
 * random draws are the same as without them, so the claims, the waiting list and the alerts are too.
 */
export const LAPSED = 3;
const LAPSED_CLAIMED_BEFORE_DAY = HISTORY_DAYS - 45;
const LAPSED_FROM_DAY = HISTORY_DAYS - 40;

export interface SeedOptions {
  /** Demo mode: demo passwords on every account and the demo API token. */
  demo: boolean;
  demoPassword?: string;
  demoApiToken?: string;
  now?: Date;
  /** Random seed of the simulated history. */
  seed?: number;
  /**
   * Another copy of the demo tenant under its own name and domain (its users are
   * `admin@<domain>`, `reports@<domain>`, `licenses@<domain>`, `<given>.<surname>@<domain>`); the browser tests give
   * each spec one. Its ids derive from the domain, so a copy is as deterministic as Contoso.
   */
  tenant?: { name: string; domain: string };
}

/** The demo tenant's License administrator, `licenses@<domain>` (SPEC §7, §12). */
function licenseAdministrator(domain: string, passwordHash: string | null, createdAt: Date) {
  return {
    givenName: "Lena",
    surname: "Ortiz",
    displayName: "Lena Ortiz (License administrator)",
    userPrincipalName: `licenses@${domain}`,
    role: "LICENSE_ADMIN" as const,
    passwordHash,
    jobTitle: "License manager",
    department: "IT",
    createdAt,
  };
}

/**
 * Demo mode on a tenant that is already there (seeded without demo mode, by `npm run db:reset`, or
 * before an account was added): every account of the tenant gets the demo password, the License
 * administrator is added if missing, and the demo API token exists, unrevoked, with every scope —
 * so `npm run demo` always signs in as SPEC §7 says. Nothing else of the tenant is touched.
 */
export async function ensureDemoAccess(
  db: PrismaClient,
  domain: string,
  { demoPassword = "contoso-demo", demoApiToken = "demo-token" }: { demoPassword?: string; demoApiToken?: string } = {},
): Promise<{ accounts: number } | null> {
  const tenant = await db.tenant.findUnique({ where: { domain } });
  if (!tenant) return null;
  const passwordHash = await bcrypt.hash(demoPassword, 10);
  return db.$transaction(async (tx) => {
    const upn = `licenses@${domain}`;
    if (!(await tx.user.findFirst({ where: { tenantId: tenant.id, userPrincipalName: upn }, select: { id: true } }))) {
      await createUser(tx, tenant, licenseAdministrator(domain, passwordHash, new Date()));
    }
    const { count } = await tx.user.updateMany({ where: { tenantId: tenant.id }, data: { passwordHash } });
    const admin = await tx.user.findFirst({ where: { tenantId: tenant.id, role: "GLOBAL_ADMIN" }, orderBy: { createdAt: "asc" }, select: { id: true } });
    const tokenHash = hashToken(demoApiToken);
    const token = { tenantId: tenant.id, name: "Demo token (all scopes)", prefix: tokenPrefix(demoApiToken), scopes: [...TOKEN_SCOPES], revokedAt: null };
    await tx.apiToken.upsert({ where: { tokenHash }, create: { ...token, tokenHash, createdById: admin?.id }, update: token });
    return { accounts: count };
  });
}

export interface SeedSummary {
  tenantId: string;
  users: number;
  launches: number;
  autoClaims: number;
}

/** A small deterministic PRNG (mulberry32): the history must be the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

export const PEOPLE: readonly [string, string, string][] = [
  ["Adele", "Vance", "Retail"],
  ["Alex", "Wilber", "Marketing"],
  ["Allan", "Deyoung", "IT"],
  ["Christie", "Cline", "Sales"],
  ["Debra", "Berger", "Executive"],
  ["Diego", "Siciliani", "HR"],
  ["Emily", "Braun", "Finance"],
  ["Enrico", "Cattaneo", "Legal"],
  ["Grady", "Archie", "R&D"],
  ["Henrietta", "Mueller", "R&D"],
  ["Irvin", "Sayers", "R&D"],
  ["Isaiah", "Langer", "Sales"],
  ["Johanna", "Lorenz", "Engineering"],
  ["Joni", "Sherman", "Legal"],
  ["Lee", "Gu", "Manufacturing"],
  ["Lidia", "Holloway", "Engineering"],
  ["Lynne", "Robbins", "Retail"],
  ["Megan", "Bowen", "Marketing"],
  ["Miriam", "Graham", "Executive"],
  ["Nestor", "Wilke", "Operations"],
  ["Patti", "Fernandez", "Executive"],
  ["Pradeep", "Gupta", "Finance"],
  ["Aiko", "Tanaka", "Field Service"],
  ["Bruno", "Costa", "Field Service"],
  ["Chloe", "Martin", "Sales"],
  ["Daniel", "Okafor", "Operations"],
  ["Elena", "Petrova", "Finance"],
  ["Farah", "Haddad", "Sales"],
  ["Gabriel", "Silva", "Field Service"],
  ["Hannah", "Schmidt", "HR"],
  ["Ivan", "Horvat", "IT"],
  ["Jasmine", "Patel", "Marketing"],
  ["Kenji", "Watanabe", "Manufacturing"],
  ["Laura", "Rossi", "Finance"],
  ["Mateo", "Garcia", "Field Service"],
  ["Nadia", "Karim", "Operations"],
  ["Oliver", "Brown", "Sales"],
  ["Priya", "Nair", "IT"],
  ["Quentin", "Dubois", "Legal"],
  ["Rosa", "Jimenez", "Retail"],
  ["Samuel", "Mensah", "Operations"],
  ["Tara", "Walsh", "Marketing"],
  ["Umar", "Farouk", "Manufacturing"],
  ["Valentina", "Greco", "HR"],
  ["William", "Chen", "Engineering"],
  ["Yara", "Nasser", "Field Service"],
  ["Zoe", "Fischer", "Sales"],
  ["Camille", "Laurent", "Finance"],
];

const ENVIRONMENTS = [
  { name: "Contoso (default)", region: "United States", managed: false },
  { name: "Contoso Production", region: "Europe", managed: true },
  { name: "Contoso Sandbox", region: "United Kingdom", managed: false },
] as const;

const APPS = [
  { env: 1, name: "Field Service Inspections", kind: "CANVAS", premium: true, description: "Inspection checklists with photos, on Dataverse" },
  { env: 1, name: "Expense Approvals", kind: "MODEL_DRIVEN", premium: true, description: "Expense reports and approvals on Dataverse" },
  { env: 1, name: "Customer Onboarding", kind: "CANVAS", premium: true, description: "Onboarding wizard using the Salesforce connector" },
  { env: 1, name: "Asset Tracker", kind: "CANVAS", premium: false, description: "Equipment check-in/check-out on SharePoint lists" },
  { env: 1, name: "Invoice Sync to SAP", kind: "CLOUD_FLOW", premium: true, description: "Posts approved invoices to SAP through the on-premises gateway" },
  { env: 0, name: "Team Directory", kind: "CANVAS", premium: false, description: "Who's who, from Office 365 Users" },
  { env: 0, name: "Vacation Planner", kind: "CANVAS", premium: false, description: "Leave requests on SharePoint" },
  { env: 0, name: "Sales Pipeline", kind: "CANVAS", premium: true, description: "Opportunities from Dataverse" },
  { env: 0, name: "Meeting Room Booking", kind: "CANVAS", premium: false, description: "Room calendars from Outlook" },
  { env: 0, name: "Daily Digest Email", kind: "CLOUD_FLOW", premium: false, description: "Sends a morning summary from SharePoint" },
  { env: 2, name: "Inventory Prototype", kind: "CANVAS", premium: true, description: "Warehouse stock through a custom connector" },
  { env: 2, name: "Survey Builder", kind: "CANVAS", premium: false, description: "Quick polls on Microsoft Forms" },
] as const;

export async function seedContoso(prisma: PrismaClient, options: SeedOptions): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const rng = prng(options.seed ?? 20231107);
  const historyStart = new Date(now.getTime() - HISTORY_DAYS * DAY);
  const longAgo = new Date(now.getTime() - 400 * DAY);
  const passwordHash = options.demo ? await bcrypt.hash(options.demoPassword ?? "contoso-demo", 10) : null;

  return prisma.$transaction(
    async (tx) => {
      const { name, domain } = options.tenant ?? { name: "Contoso", domain: CONTOSO_DOMAIN };
      const tenant = await createTenant(tx, { name, domain, key: domain });
      const t = { id: tenant.id, domain: tenant.domain };

      // Products.
      const e3 = await createProduct(tx, t.id, { ...M365_E3, purchasedUnits: 60 });
      const paPremium = await createProduct(tx, t.id, { ...POWER_APPS_PREMIUM, purchasedUnits: PREMIUM_UNITS });
      const paPerApp = await createProduct(tx, t.id, { ...POWER_APPS_PER_APP, purchasedUnits: 14 });
      const flowPremium = await createProduct(tx, t.id, { ...POWER_AUTOMATE_PREMIUM, purchasedUnits: 20 });
      // List prices per unit a month, in US dollars (SPEC §8.6).
      for (const [product, unitPrice] of [
        [e3, "36.00"],
        [paPremium, "20.00"],
        [paPerApp, "5.00"],
        [flowPremium, "15.00"],
      ] as const) {
        await tx.product.update({ where: { id: product.id, tenantId: t.id }, data: { unitPrice, currency: "USD" } });
      }

      // People: the Global admin, the reports reader, the License administrator, then 48 users.
      const admin = await createUser(tx, t, {
        givenName: "MOD",
        surname: "Administrator",
        displayName: "MOD Administrator",
        userPrincipalName: `admin@${t.domain}`,
        role: "GLOBAL_ADMIN",
        passwordHash,
        jobTitle: "IT Administrator",
        department: "IT",
        createdAt: longAgo,
      });
      const reader = await createUser(tx, t, {
        givenName: "Rhea",
        surname: "Porter",
        displayName: "Rhea Porter (Reports reader)",
        userPrincipalName: `reports@${t.domain}`,
        role: "REPORTS_READER",
        passwordHash,
        jobTitle: "License analyst",
        department: "Finance",
        createdAt: longAgo,
      });
      // The License administrator manages licences and policies, not the organisation's settings.
      await createUser(tx, t, licenseAdministrator(t.domain, passwordHash, longAgo));
      const people = [];
      for (const [givenName, surname, department] of PEOPLE) {
        people.push(
          await createUser(tx, t, {
            givenName,
            surname,
            department,
            passwordHash,
            createdAt: longAgo,
            userPrincipalName: `${givenName}.${surname}@${t.domain}`.toLowerCase(),
            jobTitle: department === "Field Service" ? "Field technician" : `${department} specialist`,
          }),
        );
      }
      const everyone = [admin, reader, ...people];

      // Licences held before the history starts.
      const licensedAt = new Date(now.getTime() - 380 * DAY);
      for (const u of everyone) await assignDirect(tx, t.id, u.id, e3.id, { assignedAt: licensedAt, assignedById: admin.id });
      for (const u of people.slice(6, 10)) await assignDirect(tx, t.id, u.id, paPremium.id, { assignedAt: licensedAt, assignedById: admin.id });
      for (const u of people.slice(10, 23)) await assignDirect(tx, t.id, u.id, paPerApp.id, { assignedAt: licensedAt, assignedById: admin.id });
      for (const u of people.slice(0, 6)) await assignDirect(tx, t.id, u.id, flowPremium.id, { assignedAt: licensedAt, assignedById: admin.id });

      // Groups: makers hold Power Apps Premium through their group (two of them directly too).
      const makers = await createGroup(tx, t.id, {
        displayName: "Power Apps Makers",
        description: "Citizen developers; holds Power Apps Premium through group-based licensing",
      });
      await assignGroupLicense(tx, t.id, makers.id, paPremium.id);
      await addGroupMembers(
        tx,
        t.id,
        makers.id,
        people.slice(0, 8).map((u) => u.id),
      );
      for (const [name, description, dept] of [
        ["Sales", "Sales team", "Sales"],
        ["Finance", "Finance and accounting", "Finance"],
        ["Field Service Technicians", "Technicians who use the inspection apps", "Field Service"],
      ] as const) {
        const g = await createGroup(tx, t.id, { displayName: name, description });
        await addGroupMembers(
          tx,
          t.id,
          g.id,
          people.filter((p) => p.department === dept).map((p) => p.id),
        );
      }

      // Environments and apps; the managed environment brings the auto-created policy (SPEC §4).
      const envs: Awaited<ReturnType<typeof createEnvironment>>[] = [];
      for (const e of ENVIRONMENTS) envs.push(await createEnvironment(tx, t.id, { ...e, createdAt: new Date(historyStart.getTime() - 30 * DAY) }));
      const outcome = await ensureAutoCreatedPolicy(tx, t.id);
      if (!outcome.created) throw new Error(`the auto-created policy was not made: ${outcome.reason}`);
      const policyCreatedAt = new Date(historyStart.getTime() - DAY);
      await tx.autoClaimPolicy.update({ where: { id: outcome.policyId, tenantId: t.id }, data: { createdAt: policyCreatedAt } });
      await tx.auditEntry.updateMany({ where: { tenantId: t.id, targetId: outcome.policyId }, data: { createdAt: policyCreatedAt } });
      const apps: Awaited<ReturnType<typeof createApp>>[] = [];
      for (const a of APPS)
        apps.push(
          await createApp(tx, t.id, envs[a.env].id, { name: a.name, kind: a.kind, premium: a.premium, description: a.description, owner: "Power Apps Makers" }),
        );

      // 90 days of launches, decided by the launch rule against the state of the day.
      const holdsPowerApps = new Set([...people.slice(0, 23)].map((u) => u.id));
      const holdsPowerAutomate = new Set(people.slice(0, 6).map((u) => u.id));
      let premiumAvailable = paPremium.purchasedUnits - (await tx.product.findUniqueOrThrow({ where: { id: paPremium.id, tenantId: t.id } })).consumedUnits;
      // Unlicensed people start using premium apps on a day of their own, so claims spread over the period.
      // The last few people never open a premium app in the history: they hold no Power Apps
      // licence yet, so the demo (and the browser tests) can show a first launch — refused and
      // queued behind the waiting list while the pool is empty, claimed once units are added.
      const newcomers = new Set(people.slice(-NEWCOMERS).map((u) => u.id));
      const firstPremiumDay = new Map(everyone.map((u) => [u.id, newcomers.has(u.id) ? Infinity : rng.int(HISTORY_DAYS - 2)]));
      const launches: {
        id: string;
        tenantId: string;
        userId: string;
        appId: string;
        environmentId: string;
        kind: "APP_LAUNCH" | "FLOW_RUN";
        decision: LaunchDecision;
        reason: LaunchReason;
        policyId: string | null;
        productId: string | null;
        createdAt: Date;
      }[] = [];
      const claims: {
        tenantId: string;
        userId: string;
        productId: string;
        source: "AUTO_CLAIM";
        policyId: string;
        productOrder: number;
        launchId: string;
        assignedAt: Date;
        disabledPlanIds: string[];
      }[] = [];
      const denied: typeof launches = [];
      // The waiting list, as refuseAndQueue keeps it: one entry per person, from their first refusal
      // for lack of units (their place) to their last; a refusal more than the policy's expiry after
      // their last one starts the entry again at the back.
      const waitlist = new Map<string, { launchId: string; since: Date; lastLaunchAt: Date }>();
      const lapsed = new Set<string>();
      for (let day = 0; day < HISTORY_DAYS; day++) {
        const dayStart = historyStart.getTime() + day * DAY;
        const count = 16 + rng.int(14);
        const times = Array.from({ length: count }, () => dayStart + (8 + rng.next() * 10) * 3600 * 1000).sort((a, b) => a - b);
        for (const at of times) {
          if (at > now.getTime()) continue;
          const user = rng.next() < 0.9 ? rng.pick(people) : rng.pick([admin, reader]);
          const candidates =
            lapsed.has(user.id) && day >= LAPSED_FROM_DAY
              ? apps.filter((a) => a.autoClaimApp !== "POWER_APPS")
              : day >= (firstPremiumDay.get(user.id) ?? 0) || holdsPowerApps.has(user.id)
                ? apps
                : apps.filter((a) => !a.premium && a.environmentId !== envs[1].id);
          const app = rng.pick(candidates);
          const env = envs.find((e) => e.id === app.environmentId)!;
          const isFlow = app.autoClaimApp === "POWER_AUTOMATE";
          const outcomeOf = traceLaunch({
            premium: app.premium,
            managedEnvironment: env.managed,
            holdsStandalone: (isFlow ? holdsPowerAutomate : holdsPowerApps).has(user.id),
            autoClaimEnabled: true,
            policy: isFlow ? null : { enabled: true, scope: "MANAGED_ONLY", name: AUTO_CREATED_POLICY_NAME },
            productsAvailable: [premiumAvailable > 0],
            products: [{ name: paPremium.displayName, left: Math.max(premiumAvailable, 0), purchased: paPremium.purchasedUnits }],
          });
          const id = stableId("launch", t.id, launches.length);
          const consultedPolicy = !isFlow && ["OUT_OF_SCOPE", "AUTO_CLAIMED", "NO_LICENSES_AVAILABLE", "POLICY_OFF"].includes(outcomeOf.reason);
          const launch = {
            id,
            tenantId: t.id,
            userId: user.id,
            appId: app.id,
            environmentId: env.id,
            kind: isFlow ? ("FLOW_RUN" as const) : ("APP_LAUNCH" as const),
            decision: outcomeOf.decision,
            reason: outcomeOf.reason,
            policyId: consultedPolicy ? outcome.policyId : null,
            productId: outcomeOf.reason === "AUTO_CLAIMED" ? paPremium.id : null,
            trace: outcomeOf as unknown as Prisma.InputJsonObject,
            createdAt: new Date(at),
          };
          launches.push(launch);
          if (outcomeOf.decision === "DENY") denied.push(launch);
          if (outcomeOf.reason === "NO_LICENSES_AVAILABLE") {
            const entry = waitlist.get(user.id);
            if (entry && at - entry.lastLaunchAt.getTime() <= WAITLIST_EXPIRY_DAYS * DAY) entry.lastLaunchAt = launch.createdAt;
            else waitlist.set(user.id, { launchId: id, since: launch.createdAt, lastLaunchAt: launch.createdAt });
          }
          if (outcomeOf.reason === "AUTO_CLAIMED") {
            if (day < LAPSED_CLAIMED_BEFORE_DAY && lapsed.size < LAPSED) lapsed.add(user.id);
            holdsPowerApps.add(user.id);
            premiumAvailable--;
            claims.push({
              tenantId: t.id,
              userId: user.id,
              productId: paPremium.id,
              source: "AUTO_CLAIM",
              policyId: outcome.policyId,
              productOrder: outcomeOf.claimPosition,
              launchId: id,
              assignedAt: new Date(at),
              disabledPlanIds: [],
            });
          }
        }
      }
      for (let i = 0; i < launches.length; i += 1000) await tx.launch.createMany({ data: launches.slice(i, i + 1000) });
      await tx.licenseAssignment.createMany({ data: claims });
      // Power Apps Premium ran out a few days ago: the people refused since wait for a unit, in order.
      await tx.waitlistEntry.createMany({
        data: [...waitlist].map(([userId, w]) => ({
          tenantId: t.id,
          policyId: outcome.policyId,
          userId,
          launchId: w.launchId,
          since: w.since,
          lastLaunchAt: w.lastLaunchAt,
        })),
      });

      // The policy's reclaim rule: on, in report only (a dry run, nothing sent or released), the
      // defaults but a fifth of the units a run, so the dry run lists every lapsed person.
      await tx.reclaimRule.create({
        data: { policyId: outcome.policyId, tenantId: t.id, enabled: true, mode: "REPORT_ONLY", capPercent: 20, updatedAt: historyStart },
      });

      // A few people who were refused asked for a licence (not those waiting: they were told they
      // will get one automatically).
      const requesters = new Map<string, (typeof denied)[number]>();
      for (const l of [...denied].reverse()) {
        if (l.reason !== "NO_LICENSES_AVAILABLE" && !requesters.has(l.userId) && requesters.size < 3) requesters.set(l.userId, l);
      }
      for (const l of requesters.values()) {
        await tx.licenseRequest.create({
          data: {
            tenantId: t.id,
            userId: l.userId,
            appId: l.appId,
            launchId: l.id,
            status: "PENDING",
            message: "I need this app for my daily work.",
            createdAt: new Date(l.createdAt.getTime() + 60_000),
          },
        });
      }

      if (options.demo) {
        const token = options.demoApiToken ?? "demo-token";
        await tx.apiToken.create({
          data: {
            tenantId: t.id,
            name: "Demo token (all scopes)",
            tokenHash: hashToken(token),
            prefix: tokenPrefix(token),
            scopes: [...TOKEN_SCOPES],
            createdById: admin.id,
          },
        });
      }

      const users = await tx.user.count({ where: { tenantId: t.id } });
      return { tenantId: t.id, users, launches: launches.length, autoClaims: claims.length };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
