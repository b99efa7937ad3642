/**
 * Export commands: the same tidy-up as Move to group… / Unassign license, as a Microsoft Graph
 * PowerShell script an admin runs against their real tenant. Real ids (users, SKU, group); every
 * step says what it does; safe to run again: a member already in the group is not added twice, and a
 * licence no longer assigned directly is not removed again. When moving to a group it waits until
 * the group licence is active for each person before removing the direct one (group-based licensing
 * is applied asynchronously in Microsoft Entra ID), so nobody is without the licence in between.
 *
 * Users and the group are named by their Entra object ids where the portal has them (`externalId`,
 * set by SCIM provisioning); a user without one is addressed by UPN (a move looks up their id to add
 * them to the group), a group without one found by its display name, so the script runs against the
 * real tenant either way (SPEC §10.1). One person's error is caught and the others go on; a summary
 * ends the script, which asks only for the Graph permissions it needs (`graphScopes`).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { NotFoundError, ValidationError } from "../errors";
import { formatUtc } from "./csv";
import { readRows, getReportPolicy, type ReportRow } from "./service";
import type { ExportCommandsInput } from "./schema";

/** A PowerShell single-quoted string: quotes doubled, line breaks out. */
export function psString(value: string): string {
  return `'${value.replace(/[\r\n]+/g, " ").replace(/['‘’‚‛]/g, "''")}'`;
}

/** Text for a PowerShell comment: one line, no block-comment terminator. */
function psComment(value: string): string {
  return value.replace(/[\r\n]+/g, " ").replace(/#>/g, "# >");
}

export interface CommandsScript {
  fileName: string;
  script: string;
  users: number;
  skipped: number;
}

const MAX_ROWS = 100_000;

/** Builds the script for the selection (ids, or every row matching the filter) of a policy's report. */
export async function buildCommandsScript(
  db: PrismaClient,
  tenantId: string,
  input: ExportCommandsInput,
  meta: { generatedBy: string; now?: Date },
): Promise<CommandsScript> {
  const now = meta.now ?? new Date();
  const policy = await getReportPolicy(db, tenantId, input.policyId);
  if (!policy) throw new NotFoundError("That policy does not exist.", { code: "POLICY_NOT_FOUND", field: "policyId" });
  const group = input.groupId
    ? await db.group.findFirst({
        where: { id: input.groupId.toLowerCase(), tenantId },
        select: { id: true, displayName: true, externalId: true, licenses: { select: { productId: true } } },
      })
    : null;
  if (input.groupId && !group) throw new NotFoundError("That group does not exist in this organization.", { code: "GROUP_NOT_FOUND", field: "groupId" });

  let rows: ReportRow[];
  if (input.all) {
    rows = await readRows(
      db,
      { tenantId, policyId: policy.id, filter: { range: input.range, q: input.q } },
      { sort: "assignedAt", dir: "desc" },
      { limit: MAX_ROWS },
    );
  } else {
    if (input.ids.length === 0) throw new ValidationError("Select at least one user.", { field: "ids" });
    const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
    rows = await readRows(
      db,
      { tenantId, policyId: policy.id, filter: { range: "all", q: "" }, ids },
      { sort: "assignedAt", dir: "desc" },
      { limit: MAX_ROWS },
    );
  }
  const carried = new Set(group?.licenses.map((l) => l.productId) ?? []);
  const included = group ? rows.filter((r) => carried.has(r.productId)) : rows;
  const excluded = rows.filter((r) => !included.includes(r));
  const objectIds = new Map(
    (await db.user.findMany({ where: { tenantId, id: { in: [...new Set(included.map((r) => r.userId))] } }, select: { id: true, externalId: true } })).map(
      (u) => [u.id, u.externalId],
    ),
  );
  const script = renderCommandsScript({
    policyName: policy.name,
    group: group ? { displayName: group.displayName, externalId: group.externalId } : null,
    people: included.map((r) => ({
      objectId: objectIds.get(r.userId) ?? null,
      upn: r.userPrincipalName,
      skuId: r.skuId,
      displayName: r.displayName,
      productName: r.productName,
    })),
    excluded: excluded.length,
    generatedBy: meta.generatedBy,
    now,
  });
  const slug =
    policy.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 50) || "policy";
  return {
    fileName: `${group ? "move-to-group" : "unassign"}-${slug}-${now.toISOString().slice(0, 10)}.ps1`,
    script,
    users: included.length,
    skipped: excluded.length,
  };
}

/** What a script is made from: the people (each with their Entra object id when known) and the group, if it moves them. */
export interface CommandsPlan {
  policyName: string;
  group: { displayName: string; externalId: string | null } | null;
  people: { objectId: string | null; upn: string; skuId: string; displayName: string; productName: string }[];
  /** People left out of a move (their product is not one the group carries). */
  excluded: number;
  generatedBy: string;
  now: Date;
}

/**
 * The Microsoft Graph permissions a script asks for, and no more: reading users' licence states
 * (User.Read.All), removing a licence (LicenseAssignment.ReadWrite.All), and — only when it moves
 * people — adding them to the group (GroupMember.ReadWrite.All, which also reads the group).
 */
export function graphScopes(moves: boolean): string[] {
  return ["User.Read.All", "LicenseAssignment.ReadWrite.All", ...(moves ? ["GroupMember.ReadWrite.All"] : [])];
}

/**
 * The PowerShell script of a plan. Each person is addressed by their Entra object id when the
 * portal knows it, else by UPN (Graph takes either as -UserId); each person's steps run in a
 * try/catch, so one failure is recorded and the others go on; the script ends with a summary and
 * exits 1 when anyone failed. Pure: the same plan gives the same text.
 */
export function renderCommandsScript(plan: CommandsPlan): string {
  const { group, people } = plan;
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(
    "<#",
    group
      ? "  Move people from auto-claimed licenses to group-based licensing (Microsoft Graph PowerShell)."
      : "  Unassign auto-claimed licenses (Microsoft Graph PowerShell).",
    `  Policy: ${psComment(plan.policyName)}`,
    ...(group ? [`  Group: ${psComment(group.displayName)}${group.externalId ? ` (${group.externalId})` : ""}`] : []),
    `  ${people.length} ${people.length === 1 ? "person" : "people"}; generated ${formatUtc(plan.now)} UTC by ${psComment(plan.generatedBy)} from the Auto-claim portal.`,
    ...(plan.excluded > 0 ? [`  Left out: ${plan.excluded} whose product ${psComment(group?.displayName ?? "")} does not carry.`] : []),
    "",
    "  Needs the Microsoft Graph PowerShell SDK:  Install-Module Microsoft.Graph -Scope CurrentUser",
    `  Asks only for the permissions it needs: ${graphScopes(group !== null).join(", ")}.`,
    group
      ? "  Safe to run again: nobody is added to the group twice, and a license already removed is not removed again."
      : "  Safe to run again: a license already removed is not removed again.",
    "  One person's error does not stop the others; the summary at the end says what was done and what failed.",
    "#>",
    "#Requires -Modules Microsoft.Graph.Authentication, Microsoft.Graph.Users, Microsoft.Graph.Users.Actions" + (group ? ", Microsoft.Graph.Groups" : ""),
    "$ErrorActionPreference = 'Stop'",
    "",
    `Connect-MgGraph -Scopes ${graphScopes(group !== null).join(",")} -NoWelcome`,
    "",
  );
  if (group?.externalId) add(`$GroupId = ${psString(group.externalId)}  # ${psComment(group.displayName)}`, "");
  else if (group) {
    add(
      "# The group by its display name (the portal has no Entra object id for it).",
      `$GroupName = ${psString(group.displayName)}`,
      `$Found = @(Get-MgGroup -Filter ("displayName eq '{0}'" -f ($GroupName -replace "'", "''")) -Property Id)`,
      'if ($Found.Count -ne 1) { throw "Expected one group named $GroupName, found $($Found.Count)" }',
      "$GroupId = $Found[0].Id",
      "",
    );
  }
  add(
    "# Each person: the Entra object id when the portal knows it (else the person is addressed by UPN), the UPN,",
    "# and the SKU id of the auto-claimed license.",
    "$People = @(",
  );
  people.forEach((p, i) => {
    add(
      `  [pscustomobject]@{ Id = ${p.objectId ? psString(p.objectId) : "$null"}; Upn = ${psString(p.upn)}; SkuId = ${psString(p.skuId)}; Outcome = $null; Failed = $null }${i < people.length - 1 ? "," : ""}  # ${psComment(p.displayName)}, ${psComment(p.productName)}`,
    );
  });
  add(
    ")",
    "",
    "# A person's failure: recorded and shown, and the script goes on with the others.",
    'function Set-Failed($p, $err) { $p.Failed = "$($err.Exception.Message)"; Write-Warning "$($p.Upn): $($p.Failed)" }',
    "",
  );
  if (group) {
    add(
      "# 1. Add each person to the group (skipped when already a member).",
      "$Members = @(Get-MgGroupMember -GroupId $GroupId -All | ForEach-Object { $_.Id })",
      "foreach ($p in $People) {",
      "  try {",
      "    if (-not $p.Id) { $p.Id = (Get-MgUser -UserId $p.Upn -Property Id).Id }",
      '    if ($Members -contains $p.Id) { Write-Host "$($p.Upn): already a member" }',
      '    else { New-MgGroupMember -GroupId $GroupId -DirectoryObjectId $p.Id; Write-Host "$($p.Upn): added to the group" }',
      "  } catch { Set-Failed $p $_ }",
      "}",
      "",
      "# 2. Wait until the group license is active for each person (group-based licensing is asynchronous),",
      "#    so that nobody is without the license between the two steps. Up to 10 minutes each.",
      "foreach ($p in $People | Where-Object { -not $_.Failed }) {",
      "  try {",
      "    $deadline = (Get-Date).AddMinutes(10)",
      "    do {",
      "      $states = (Get-MgUser -UserId $p.Id -Property LicenseAssignmentStates).LicenseAssignmentStates",
      "      $active = $states | Where-Object { $_.SkuId -eq $p.SkuId -and $_.AssignedByGroup -eq $GroupId -and $_.State -eq 'Active' }",
      "      if (-not $active) { Start-Sleep -Seconds 15 }",
      "    } until ($active -or (Get-Date) -gt $deadline)",
      "    if (-not $active) {",
      "      $p.Outcome = 'kept the direct license: the group license is not active yet'",
      '      Write-Warning "$($p.Upn): $($p.Outcome)"',
      "    }",
      "  } catch { Set-Failed $p $_ }",
      "}",
      "",
      "# 3. Remove the directly assigned (auto-claimed) license (skipped when there is none any more).",
      "foreach ($p in $People | Where-Object { -not $_.Failed -and -not $_.Outcome }) {",
      "  try {",
      "    $user = $p.Id",
    );
  } else {
    add(
      "# Remove the directly assigned (auto-claimed) license (skipped when there is none any more).",
      "foreach ($p in $People) {",
      "  try {",
      "    $user = if ($p.Id) { $p.Id } else { $p.Upn }",
    );
  }
  add(
    "    $states = (Get-MgUser -UserId $user -Property LicenseAssignmentStates).LicenseAssignmentStates",
    "    $direct = $states | Where-Object { $_.SkuId -eq $p.SkuId -and -not $_.AssignedByGroup }",
    "    if ($direct) {",
    "      Set-MgUserLicense -UserId $user -AddLicenses @() -RemoveLicenses @($p.SkuId) | Out-Null",
    "      $p.Outcome = 'direct license removed'",
    "    } else { $p.Outcome = 'no direct license; nothing to remove' }",
    '    Write-Host "$($p.Upn): $($p.Outcome)"',
    "  } catch { Set-Failed $p $_ }",
    "}",
    "",
    "# Summary: what happened to each person; exit code 1 when anyone failed.",
    "$Failed = @($People | Where-Object { $_.Failed })",
    'Write-Host ""',
    'Write-Host ("Summary: {0} people, {1} failed." -f $People.Count, $Failed.Count)',
    '$People | Where-Object { -not $_.Failed } | Group-Object Outcome | ForEach-Object { Write-Host ("  {0}: {1}" -f $_.Name, $_.Count) }',
    'foreach ($p in $Failed) { Write-Host "  $($p.Upn) failed: $($p.Failed)" }',
    "if ($Failed.Count -gt 0) { exit 1 }",
    "",
  );
  return lines.join("\r\n");
}
