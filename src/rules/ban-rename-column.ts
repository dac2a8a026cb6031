import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { isExisting, listTracedStatements, shortName } from './helpers/walk-statements.js';

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
      return [{ file: at.file, line: at.line, message: `Renames ${shortName(table)}.${String(node.subname)} to ${String(node.newname)}: application versions that use the old name break as soon as this commits.` }];
    });
  },
});
