import { alterCommands } from '../sql/classify-statement.js';
import { listOf, qualifiedName, stringValues, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { describeLock, describeScan, listAlterTablesOnExisting, listTracedStatements, locksOnExisting, measuredScan, shortName, type StatementAt } from './helpers/walk-statements.js';

export const setNotNullWithoutCheck = defineRule({
  name: 'set-not-null-without-check',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL) proving it.',
    why: 'ALTER COLUMN ... SET NOT NULL takes AccessExclusiveLock and reads every row to prove there is no NULL: no query on the table runs until the scan ends. Postgres skips the scan only when a validated CHECK constraint already proves the column has no NULLs. The review measures it: a finding only when the statement really started a scan of the table in the sandbox (its statistics counters), with the rows it read.',
    safeAlternative:
      'ALTER TABLE t ADD CONSTRAINT t_c_not_null CHECK (c IS NOT NULL) NOT VALID;\n-- separate transaction: scans under ShareUpdateExclusiveLock, reads and writes go on\nALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;  -- no scan now\nALTER TABLE t DROP CONSTRAINT t_c_not_null;',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      const columns = alterCommands(at.statement)
        .filter((cmd) => cmd.subtype === 'AT_SetNotNull' && typeof cmd.name === 'string')
        .map((cmd) => cmd.name as string);
      if (columns.length === 0) return [];
      const lock = describeLock(locksOnExisting(all, at, table)[0]!);
      const names = columns.map((c) => `${shortName(table)}.${c}`).join(', ');
      const proof = columns.map((c) => `CHECK (${c} IS NOT NULL)`).join(', ');
      const pg18 = context.pgMajor >= 18
        ? ` On PostgreSQL ${context.pgMajor} you can also ADD CONSTRAINT ... NOT NULL ${columns[0]!} NOT VALID and VALIDATE it.`
        : '';
      const evidence = measuredScan(at, table);
      if (evidence.measured) {
        // No scan measured: Postgres proved the column from a valid CHECK (PostgreSQL 12+), whether
        // the base schema or this change added it. Nothing was read under the lock.
        if (!evidence.scan) return [];
        return [{
          file: at.file,
          line: at.line,
          message: `SET NOT NULL on ${names} ${describeScan(evidence.scan)} while holding ${lock}: no valid ${proof} let Postgres skip the scan.${pg18}`,
        }];
      }
      const unproven = columns.filter((column) => !hasValidatedNotNullCheck(all, at, table, column));
      if (unproven.length === 0) return [];
      return [{
        file: at.file,
        line: at.line,
        message: `SET NOT NULL on ${unproven.map((c) => `${shortName(table)}.${c}`).join(', ')} scans every row under ${lock} (inferred: the scan could not be measured here, and no validated CHECK proving the column was added before it in this change).${pg18}`,
      }];
    });
  },
});

/** A CHECK (column IS NOT NULL) on the table, added before `at` and validated (at once or by VALIDATE). */
function hasValidatedNotNullCheck(all: StatementAt[], at: StatementAt, table: string, column: string): boolean {
  const before = all.slice(0, all.indexOf(at));
  const validated = new Set<string>();
  const pending = new Set<string>();
  for (const s of before) {
    if (s.statement.kind !== 'AlterTableStmt' || s.traced.error || qualifiedName(s.statement.node.relation) !== table) continue;
    for (const cmd of alterCommands(s.statement)) {
      const c = cmd.subtype === 'AT_AddConstraint' ? unwrap(cmd.def, 'Constraint') : undefined;
      if (c && provesNotNull(c, column)) (c.skip_validation ? pending : validated).add(String(c.conname ?? ''));
      if (cmd.subtype === 'AT_ValidateConstraint' && pending.has(String(cmd.name))) validated.add(String(cmd.name));
    }
  }
  return validated.size > 0;
}

function provesNotNull(constraint: Record<string, unknown>, column: string): boolean {
  if (constraint.contype === 'CONSTR_NOTNULL') return stringValues(constraint.keys).includes(column);
  if (constraint.contype !== 'CONSTR_CHECK') return false;
  return conjuncts(constraint.raw_expr).some((expr) => {
    const test = unwrap(expr, 'NullTest');
    return test?.nulltesttype === 'IS_NOT_NULL' && stringValues(unwrap(test.arg, 'ColumnRef')?.fields).at(-1) === column;
  });
}

/** `a AND b AND c` → [a, b, c]. */
function conjuncts(expr: unknown): unknown[] {
  const bool = unwrap(expr, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return listOf(bool.args).flatMap(conjuncts);
  return [expr];
}
