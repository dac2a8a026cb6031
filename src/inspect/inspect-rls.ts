import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import { relationNamed, restrictToRelations, touchedSince, type IndexSnapshot, type PolicyCommand, type PolicySnapshot, type RelationSnapshot } from './catalog-snapshot.js';
import { findChangedRelations } from './find-changed-relations.js';
import type { InspectionInput, InspectionNote } from './inspection.js';
import { locateRelation } from './locate-relation.js';
import { markBaseOrigin } from './mark-base-origin.js';
import { groupBy } from '../shared/group-by.js';

const COMMANDS: PolicyCommand[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
/**
 * Calls whose value is the same for every row of a statement (the request's user, a setting):
 * unwrapped in a policy they are evaluated once per row; as `(select ...)` once per statement
 * (an initPlan). splinter 0003 auth_rls_initplan checks the same names.
 */
const PER_STATEMENT_CALL = /\b(auth\.(?:uid|jwt|role|email)|current_setting|[a-z_][a-z0-9_]*\.current_[a-z_]+)\s*\(/gi;

/**
 * Row-level security of the tables the migrations created or changed: RLS on without a policy
 * (everything denied), commands no policy covers, RLS off in a schema the config marks exposed,
 * owner not subject to RLS, per-row evaluation of per-statement functions, policy columns
 * without an index.
 */
export function inspectRls(input: InspectionInput): InspectionNote[] {
  const changed = findChangedRelations(input.before, input.after);
  // Everything below is about changed tables: when the catalog after was derived from the one
  // before, only the relations read again are walked.
  const touched = touchedSince(input.after, input.before);
  const before = touched ? restrictToRelations(input.before, touched) : input.before;
  const after = touched ? restrictToRelations(input.after, touched) : input.after;
  const notes: InspectionNote[] = [];
  const policiesByTable = groupBy(after.policies, (p) => p.table);
  const beforeByName = new Map(before.relations.map((r) => [r.name, r]));
  const beforePoliciesByTable = groupBy(before.policies, (p) => p.table);
  const validIndexesByTable = groupBy(after.indexes.filter((i) => i.valid), (i) => i.table);
  for (const table of after.relations.filter((r) => changed.has(r.name) && (r.kind === 'r' || r.kind === 'p'))) {
    const policies = policiesByTable.get(table.name) ?? [];
    const old = beforeByName.get(table.name);
    const oldPolicies = beforePoliciesByTable.get(table.name) ?? [];
    /** `base`: the base history already had this (the change touched the table for another reason). */
    const note = (fields: Omit<InspectionNote, 'section' | 'object'> & { object?: string }, kinds = ['AlterTableStmt', 'CreateStmt'], base = false): void => {
      const made: InspectionNote = { section: 'security', object: table.name, ...(locateRelation(input.migrations, table.name, kinds) ?? {}), ...fields };
      notes.push(base ? markBaseOrigin(made) : made);
    };
    const POLICY_STATEMENTS = ['CreatePolicyStmt', 'AlterPolicyStmt'];

    if (!table.rowSecurity) {
      if (input.exposedSchemas.includes(table.schema)) {
        note({
          kind: 'rls-disabled-in-exposed-schema',
          message: `${table.name} is in the exposed schema ${table.schema} without row-level security: every role with a grant on it reads and writes all rows.`,
          sql: `ALTER TABLE ${quoteQualified(table.name)} ENABLE ROW LEVEL SECURITY;`,
        }, undefined, old !== undefined && !old.rowSecurity);
      }
      if (policies.length > 0) {
        note({
          kind: 'policy-without-rls',
          message: `${table.name} has ${policies.length} ${policies.length === 1 ? 'policy' : 'policies'} but row-level security is disabled, so they are not applied.`,
          sql: `ALTER TABLE ${quoteQualified(table.name)} ENABLE ROW LEVEL SECURITY;`,
        }, undefined, old !== undefined && !old.rowSecurity && oldPolicies.length > 0);
      }
      continue;
    }

    if (policies.length === 0) {
      note({
        kind: 'rls-enabled-without-policy',
        message: `${table.name} has row-level security enabled and no policy: every role except the owner (and BYPASSRLS roles) sees no rows and can write none.`,
      }, undefined, old !== undefined && old.rowSecurity && oldPolicies.length === 0);
    } else {
      const permissive = policies.filter((p) => p.permissive);
      const covered = new Set(permissive.flatMap((p) => (p.command === 'ALL' ? COMMANDS : [p.command])));
      const missing = COMMANDS.filter((c) => !covered.has(c));
      if (missing.length > 0) {
        const oldCovered = new Set(oldPolicies.filter((p) => p.permissive).flatMap((p) => (p.command === 'ALL' ? COMMANDS : [p.command])));
        const wasSo = old !== undefined && old.rowSecurity && oldPolicies.length > 0 && COMMANDS.every((c) => covered.has(c) === oldCovered.has(c));
        note({
          kind: 'policy-commands-not-covered',
          message: `No permissive policy on ${table.name} covers ${missing.join(', ')}: those commands are denied to everyone subject to RLS. Intended?`,
        }, POLICY_STATEMENTS, wasSo);
      }
    }

    if (!table.forceRowSecurity) {
      note({
        kind: 'rls-not-forced',
        message: `${table.name} does not FORCE ROW LEVEL SECURITY, so its owner (${table.owner} here, the role that ran the migration) bypasses the policies. If the application connects as the owner, force it.`,
        sql: `ALTER TABLE ${quoteQualified(table.name)} FORCE ROW LEVEL SECURITY;`,
      });
    }

    for (const policy of policies) {
      for (const [clause, text] of [['USING', policy.using], ['WITH CHECK', policy.check]] as const) {
        const calls = perRowCalls(text);
        if (calls.length === 0) continue;
        const oldPolicy = oldPolicies.find((p) => p.name === policy.name);
        note({
          kind: 'policy-function-per-row',
          object: `${table.name}.${policy.name}`,
          message: `Policy ${policy.name} on ${table.name} calls ${calls.join(', ')} in its ${clause} clause for every row; wrapped as (select ${calls[0]}(...)) it is evaluated once per statement.`,
        }, POLICY_STATEMENTS, oldPolicy !== undefined && JSON.stringify(oldPolicy) === JSON.stringify(policy));
      }
    }

    for (const column of unindexedPolicyColumns(table, policies, validIndexesByTable.get(table.name) ?? [])) {
      note({
        kind: 'policy-column-without-index',
        object: `${table.name}.${column}`,
        message: `Policies on ${table.name} filter on ${column}, which no index starts with: every query through the policy filters the whole table.`,
        sql: `CREATE INDEX CONCURRENTLY ON ${quoteQualified(table.name)} (${quoteIdent(column)});`,
      }, POLICY_STATEMENTS);
    }
  }
  notes.push(...viewsBypassingRls(input, changed));
  return notes;
}

/**
 * Views in an exposed schema over tables with RLS and without `security_invoker` (PostgreSQL
 * 15+): a view reads its tables as the view's owner, so the policies of the caller never apply
 * (splinter 0010 security_definer_view). Before 15 there is no such option: not reported.
 */
function viewsBypassingRls(input: InspectionInput, changed: Set<string>): InspectionNote[] {
  if ((input.pgMajor ?? 15) < 15) return [];
  const rls = (snapshot: InspectionInput['after'], name: string) => relationNamed(snapshot, name)?.rowSecurity === true;
  const invoker = (options: string[] | undefined) => (options ?? []).some((o) => /^security_invoker=(true|on|yes|1)$/i.test(o));
  const notes: InspectionNote[] = [];
  for (const view of input.after.relations.filter((r) => r.kind === 'v' && input.exposedSchemas.includes(r.schema) && !invoker(r.options))) {
    const protectedTables = (view.reads ?? []).filter((t) => rls(input.after, t));
    if (protectedTables.length === 0) continue;
    const touchedTables = protectedTables.filter((t) => changed.has(t));
    if (!changed.has(view.name) && touchedTables.length === 0) continue;
    const old = relationNamed(input.before, view.name);
    const wasSo = old !== undefined && old.kind === 'v' && !invoker(old.options) && (old.reads ?? []).some((t) => rls(input.before, t));
    const where = changed.has(view.name)
      ? locateRelation(input.migrations, view.name, ['ViewStmt', 'AlterTableStmt'])
      : locateRelation(input.migrations, touchedTables[0]!, ['AlterTableStmt']);
    const note: InspectionNote = {
      kind: 'view-bypasses-rls',
      section: 'security',
      object: view.name,
      message: `View ${view.name} in the exposed schema ${view.schema} reads ${protectedTables.join(', ')}, which ${protectedTables.length === 1 ? 'has' : 'have'} row-level security, but runs as its owner (${view.owner}), not as the caller: every role that may select from the view sees the rows the policies would hide.`,
      sql: `ALTER VIEW ${quoteQualified(view.name)} SET (security_invoker = true);`,
      ...(where ?? {}),
    };
    notes.push(wasSo ? markBaseOrigin(note) : note);
  }
  return notes;
}

/** Per-statement functions called outside a scalar subquery, e.g. `auth.uid()` but not `( SELECT auth.uid() AS uid)`. */
function perRowCalls(expression: string | null): string[] {
  if (!expression) return [];
  const calls = new Set<string>();
  for (const match of expression.matchAll(PER_STATEMENT_CALL)) {
    if (!insideScalarSubquery(expression, match.index)) calls.add(match[1]!);
  }
  return [...calls];
}

/** Whether a parenthesis enclosing position `at` opens a `( SELECT ...)` subquery. */
function insideScalarSubquery(expression: string, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const char = expression[i];
    if (char === ')') depth++;
    else if (char === '(') {
      if (depth > 0) depth--;
      else if (/^\(\s*SELECT\b/i.test(expression.slice(i))) return true;
    }
  }
  return false;
}

function unindexedPolicyColumns(table: RelationSnapshot, policies: PolicySnapshot[], validIndexes: IndexSnapshot[]): string[] {
  if (policies.length === 0) return [];
  const text = policies.map((p) => `${p.using ?? ''} ${p.check ?? ''}`).join(' ');
  const leading = new Set(validIndexes.map((i) => i.columns[0]));
  return table.columns
    .map((c) => c.name)
    .filter((name) => new RegExp(`(?<![.\\w"])"?${escapeRegExp(name)}"?(?![\\w"(])`).test(text) && !leading.has(name));
}

/** Items grouped by key in one pass (per-table filters made the inspection quadratic in new tables). */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
