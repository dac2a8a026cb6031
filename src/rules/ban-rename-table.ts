import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { isExisting, listTracedStatements, shortName } from './helpers/walk-statements.js';

export const banRenameTable = defineRule({
  name: 'ban-rename-table',
  meta: {
    severity: 'warning',
    summary: 'An existing table is renamed.',
    why: 'The rename is instant (AccessExclusiveLock, metadata only), but every running application version that queries the old name fails as soon as it commits, until all instances run the new code.',
    safeAlternative:
      'Rename and leave a view with the old name for the transition, in one transaction:\nALTER TABLE old_name RENAME TO new_name;\nCREATE VIEW old_name AS SELECT * FROM new_name;  -- simple views are updatable\n-- drop the view in a later release, once no old version runs',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at, i) => {
      const node = at.statement.node;
      const table = qualifiedName(node.relation);
      if (at.statement.kind !== 'RenameStmt' || node.renameType !== 'OBJECT_TABLE' || at.traced.error || !isExisting(all, at, table)) return [];
      const oldName = table.split('.')[1];
      const viewLater = all.slice(i + 1).some((s) => s.statement.kind === 'ViewStmt' && qualifiedName(s.statement.node.view) === table);
      if (viewLater) return [];
      return [{ file: at.file, line: at.line, message: `Renames ${shortName(table)} to ${String(node.newname)} and leaves nothing named ${oldName}: application versions that use the old name break as soon as this commits.` }];
    });
  },
});
