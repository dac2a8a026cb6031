import { alterCommands } from '../sql/classify-statement.js';
import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { isExisting, listTracedStatements, shortName, type StatementAt } from './helpers/walk-statements.js';

export const banRenameColumn = defineRule({
  name: 'ban-rename-column',
  meta: {
    severity: 'warning',
    summary: 'A column of an existing table is renamed.',
    why: 'The rename is instant (AccessExclusiveLock, metadata only), but the application version still running during the deploy uses the old name: its queries fail until every instance runs the new code, and the new code fails until the migration ran. There is no moment when both work.',
    safeAlternative:
      'Expand/contract: ADD COLUMN new_name; write to both (trigger or code); backfill in batches; switch reads to new_name; stop writing old_name; drop it in a later release. Or keep the old name in SQL and map it in the ORM.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      const node = at.statement.node;
      const table = qualifiedName(node.relation);
      if (at.statement.kind !== 'RenameStmt' || node.renameType !== 'OBJECT_COLUMN' || at.traced.error || !isExisting(all, at, table)) return [];
      // A column this change added is as new as a table it created: no deployed code uses it.
      if (addedBefore(all, at, table, String(node.subname))) return [];
      return [{ file: at.file, line: at.line, message: `Renames ${shortName(table)}.${String(node.subname)} to ${String(node.newname)}: application versions that use the old name break as soon as this commits.` }];
    });
  },
});

/** Whether an earlier statement of the change added `column` to `table` (ALTER TABLE ... ADD COLUMN). */
function addedBefore(all: StatementAt[], at: StatementAt, table: string, column: string): boolean {
  return all.slice(0, all.indexOf(at)).some((s) =>
    s.statement.kind === 'AlterTableStmt' &&
    !s.traced.error &&
    qualifiedName(s.statement.node.relation) === table &&
    alterCommands(s.statement).some((cmd) => cmd.subtype === 'AT_AddColumn' && !cmd.missing_ok && unwrap(cmd.def, 'ColumnDef')?.colname === column),
  );
}
