import { alterCommands } from '../sql/classify-statement.js';
import { listOf, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { describeLock, describeScan, listAlterTablesOnExisting, listTracedStatements, locksOnExisting, measuredScan, shortName } from './helpers/walk-statements.js';

export const constraintMissingNotValid = defineRule({
  name: 'constraint-missing-not-valid',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'A CHECK constraint is added to an existing table without NOT VALID.',
    why: 'ADD CONSTRAINT ... CHECK takes AccessExclusiveLock on the table and then reads every row to prove the check, holding the lock for the whole scan: no SELECT, INSERT, UPDATE or DELETE runs until it ends. A CHECK written inline on ADD COLUMN is proved the same way, even when the new column is all NULL (measured). The review reports it only when the statement measurably scanned the table in the sandbox.',
    safeAlternative:
      'ALTER TABLE t ADD CONSTRAINT t_c_check CHECK (...) NOT VALID;  -- instant, new rows are checked\n-- then, in a separate transaction (takes only ShareUpdateExclusiveLock, reads and writes go on):\nALTER TABLE t VALIDATE CONSTRAINT t_c_check;',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      const checks = alterCommands(at.statement).flatMap((cmd) => {
        if (cmd.subtype === 'AT_AddConstraint') {
          const c = unwrap(cmd.def, 'Constraint');
          return c?.contype === 'CONSTR_CHECK' && !c.skip_validation ? [String(c.conname ?? 'CHECK')] : [];
        }
        if (cmd.subtype === 'AT_AddColumn') {
          const column = unwrap(cmd.def, 'ColumnDef');
          return listOf(column?.constraints)
            .map((c) => unwrap(c, 'Constraint'))
            .filter((c) => c?.contype === 'CONSTR_CHECK')
            .map(() => `inline CHECK on new column ${String(column?.colname)}`);
        }
        return [];
      });
      if (checks.length === 0) return [];
      const lock = describeLock(locksOnExisting(all, at, table)[0]!);
      const evidence = measuredScan(at, table);
      if (evidence.measured) {
        if (!evidence.scan) return [];
        return [{ file: at.file, line: at.line, message: `${checks.join(', ')}: validating it ${describeScan(evidence.scan)} while holding ${lock}.` }];
      }
      return [{ file: at.file, line: at.line, message: `${checks.join(', ')} is validated by scanning every row of ${shortName(table)} while ${lock} is held (inferred: the scan could not be measured here).` }];
    });
  },
});
