import { alterCommands } from '../sql/classify-statement.js';
import { listOf, qualifiedName, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { describeScan, listAlterTablesOnExisting, listTracedStatements, locksOnExisting, measuredScan, shortName } from './helpers/walk-statements.js';

export const addingForeignKey = defineRule({
  name: 'adding-foreign-key',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'A validating FOREIGN KEY is added to an existing table.',
    why: 'Adding a foreign key takes ShareRowExclusiveLock on both the table and the referenced table, and without NOT VALID it then checks every existing row against the referenced table while holding both: INSERT, UPDATE and DELETE wait on both tables for the whole scan. REFERENCES inline on ADD COLUMN with a DEFAULT does the same scan; without one the new column is all NULL and nothing is checked (measured: no scan). The review reports it only when the statement measurably scanned the table.',
    safeAlternative:
      'ALTER TABLE t ADD CONSTRAINT t_x_fkey FOREIGN KEY (x_id) REFERENCES x (id) NOT VALID;  -- brief locks, no scan\n-- then, in a separate transaction (ShareUpdateExclusiveLock on t, RowShareLock on x: writes go on):\nALTER TABLE t VALIDATE CONSTRAINT t_x_fkey;',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      const foreignKeys = alterCommands(at.statement).flatMap((cmd) => {
        if (cmd.subtype === 'AT_AddConstraint') {
          const c = unwrap(cmd.def, 'Constraint');
          return c?.contype === 'CONSTR_FOREIGN' && !c.skip_validation ? [c] : [];
        }
        if (cmd.subtype === 'AT_AddColumn') {
          return listOf(unwrap(cmd.def, 'ColumnDef')?.constraints)
            .map((c) => unwrap(c, 'Constraint'))
            .filter((c) => c?.contype === 'CONSTR_FOREIGN') as Array<Record<string, unknown>>;
        }
        return [];
      });
      if (foreignKeys.length === 0) return [];
      const evidence = measuredScan(at, table);
      // No scan of the table measured: nothing was validated (e.g. ADD COLUMN ... REFERENCES
      // without a DEFAULT: the new column is all NULL, Postgres checks no row).
      if (evidence.measured && !evidence.scan) return [];
      return foreignKeys.map((fk) => {
        const referenced = qualifiedName(fk.pktable) ?? '';
        const locks = [table, referenced]
          .map((relation) => locksOnExisting(all, at, relation)[0] && `${locksOnExisting(all, at, relation)[0]!.mode} on ${shortName(relation)}`)
          .filter(Boolean);
        if (evidence.measured) {
          const parent = referenced === table ? undefined : measuredScan(at, referenced);
          const parentScan = parent?.measured && parent.scan ? ` and ${describeScan(parent.scan)}` : '';
          return {
            file: at.file,
            line: at.line,
            message: `Validating the FOREIGN KEY to ${shortName(referenced)} ${describeScan(evidence.scan!)}${parentScan} while the migration holds ${locks.join(' and ')}: writes to both wait for the whole scan.`,
          };
        }
        return {
          file: at.file,
          line: at.line,
          message: `FOREIGN KEY to ${shortName(referenced)} is validated against every row of ${shortName(table)} while the migration holds ${locks.join(' and ')}: writes to both wait for the whole scan (inferred: the scan could not be measured here).`,
        };
      });
    });
  },
});
