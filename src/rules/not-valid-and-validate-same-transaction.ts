import { alterCommands } from '../sql/classify-statement.js';
import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { describeScan, listAlterTablesOnExisting, listTracedStatements, locksOnExisting, measuredScan, shortName } from './helpers/walk-statements.js';

export const notValidAndValidateSameTransaction = defineRule({
  name: 'not-valid-and-validate-same-transaction',
  meta: {
    severity: 'error',
    summary: 'A constraint is added NOT VALID and validated in the same transaction.',
    why: 'NOT VALID exists so that the slow validation scan runs later under a weak lock. Validating in the same transaction runs the scan while the transaction still holds the strong lock that ADD CONSTRAINT took (AccessExclusiveLock for CHECK, ShareRowExclusiveLock on both tables for FOREIGN KEY) until COMMIT, which is exactly what NOT VALID was meant to avoid.',
    safeAlternative:
      'Commit between the two: put ADD CONSTRAINT ... NOT VALID in one migration (or transaction) and ALTER TABLE ... VALIDATE CONSTRAINT in the next.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      const addedNotValid = new Set(
        all
          .filter((s) => s.migration === at.migration && s.transaction === at.transaction && s.position <= at.position)
          .filter((s) => s.statement.kind === 'AlterTableStmt' && qualifiedName(s.statement.node.relation) === table)
          .flatMap((s) => alterCommands(s.statement))
          .map((cmd) => (cmd.subtype === 'AT_AddConstraint' ? unwrap(cmd.def, 'Constraint') : undefined))
          .filter((c) => c?.skip_validation && typeof c.conname === 'string')
          .map((c) => c!.conname as string),
      );
      return alterCommands(at.statement)
        .filter((cmd) => cmd.subtype === 'AT_ValidateConstraint' && addedNotValid.has(String(cmd.name)))
        .map((cmd) => {
          const lock = locksOnExisting(all, at, table)[0]!;
          const evidence = measuredScan(at, table);
          const scan = evidence.measured && evidence.scan ? describeScan(evidence.scan) : `scans ${shortName(table)}`;
          return {
            file: at.file,
            line: at.line,
            message: `VALIDATE CONSTRAINT ${String(cmd.name)} ${scan} in the transaction that added it NOT VALID, so the scan runs under the ${lock.mode} held since then (blocks ${lock.blocks.join(', ')}).`,
          };
        });
    });
  },
});
