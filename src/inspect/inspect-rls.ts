import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import type { IndexSnapshot, PolicyCommand, PolicySnapshot, RelationSnapshot } from './catalog-snapshot.js';
import { findChangedRelations } from './find-changed-relations.js';
import type { InspectionInput, InspectionNote } from './inspection.js';
import { locateRelation } from './locate-relation.js';

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
  const { after } = input;
  const changed = findChangedRelations(input.before, after);
  const notes: InspectionNote[] = [];
  const policiesByTable = groupBy(after.policies, (p) => p.table);
  const validIndexesByTable = groupBy(after.indexes.filter((i) => i.valid), (i) => i.table);
  for (const table of after.relations.filter((r) => changed.has(r.name) && (r.kind === 'r' || r.kind === 'p'))) {
    const policies = policiesByTable.get(table.name) ?? [];
    const note = (fields: Omit<InspectionNote, 'section' | 'object'> & { object?: string }, kinds = ['AlterTableStmt', 'CreateStmt']): void => {
      notes.push({ section: 'security', object: table.name, ...(locateRelation(input.migrations, table.name, kinds) ?? {}), ...fields });
    };
    const POLICY_STATEMENTS = ['CreatePolicyStmt', 'AlterPolicyStmt'];

    if (!table.rowSecurity) {
      if (input.exposedSchemas.includes(table.schema)) {
        note({
          kind: 'rls-disabled-in-exposed-schema',
          level: 'warning',
          message: `${table.name} is in the exposed schema ${table.schema} without row-level security: every role with a grant on it reads and writes all rows.`,
          sql: `ALTER TABLE ${quoteQualified(table.name)} ENABLE ROW LEVEL SECURITY;`,
        });
      }
      if (policies.length > 0) {
        note({
          kind: 'policy-without-rls',
          level: 'warning',
          message: `${table.name} has ${policies.length} ${policies.length === 1 ? 'policy' : 'policies'} but row-level security is disabled, so they are not applied.`,
          sql: `ALTER TABLE ${quoteQualified(table.name)} ENABLE ROW LEVEL SECURITY;`,
        });
      }
      continue;
    }

    if (policies.length === 0) {
      note({
        kind: 'rls-enabled-no-policy',
        level: 'warning',
        message: `${table.name} has row-level security enabled and no policy: every role except the owner (and BYPASSRLS roles) sees no rows and can write none.`,
      });
    } else {
      const permissive = policies.filter((p) => p.permissive);
      const covered = new Set(permissive.flatMap((p) => (p.command === 'ALL' ? COMMANDS : [p.command])));
      const missing = COMMANDS.filter((c) => !covered.has(c));
      if (missing.length > 0) {
        note({
          kind: 'policy-commands-not-covered',
          level: 'info',
          message: `No permissive policy on ${table.name} covers ${missing.join(', ')}: those commands are denied to everyone subject to RLS. Intended?`,
        }, POLICY_STATEMENTS);
      }
    }

    if (!table.forceRowSecurity) {
      note({
        kind: 'rls-not-forced',
        level: 'info',
        message: `${table.name} does not FORCE ROW LEVEL SECURITY, so its owner (${table.owner} here, the role that ran the migration) bypasses the policies. If the application connects as the owner, force it.`,
        sql: `ALTER TABLE ${quoteQualified(table.name)} FORCE ROW LEVEL SECURITY;`,
      });
    }

    for (const policy of policies) {
      for (const [clause, text] of [['USING', policy.using], ['WITH CHECK', policy.check]] as const) {
        const calls = perRowCalls(text);
        if (calls.length === 0) continue;
        note({
          kind: 'policy-function-per-row',
          level: 'warning',
          object: `${table.name}.${policy.name}`,
          message: `Policy ${policy.name} on ${table.name} calls ${calls.join(', ')} in its ${clause} clause for every row; wrapped as (select ${calls[0]}(...)) it is evaluated once per statement.`,
        }, POLICY_STATEMENTS);
      }
    }

    for (const column of unindexedPolicyColumns(table, policies, validIndexesByTable.get(table.name) ?? [])) {
      note({
        kind: 'policy-column-without-index',
        level: 'info',
        object: `${table.name}.${column}`,
        message: `Policies on ${table.name} filter on ${column}, which no index starts with: every query through the policy filters the whole table.`,
        sql: `CREATE INDEX CONCURRENTLY ON ${quoteQualified(table.name)} (${quoteIdent(column)});`,
      }, POLICY_STATEMENTS);
    }
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
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
