import { alterCommands } from '../sql/classify-statement.js';
import { defineRule } from './define-rule.js';
import { destroyedData } from './helpers/judge-notes.js';
import { listAlterTablesOnExisting, listTracedStatements, shortName } from './helpers/walk-statements.js';

export const banDropColumn = defineRule({
  name: 'ban-drop-column',
  meta: {
    severity: 'warning',
    summary: 'A column of an existing table is dropped.',
    why: 'The application version still running during and after the deploy reads and writes this column: its queries fail with "column does not exist" until every instance runs the new code (ORMs that SELECT * or list every column fail even if the code no longer uses it). The data is gone; only a restore brings it back. The drop itself is quick but takes AccessExclusiveLock.',
    safeAlternative:
      'Expand/contract: deploy code that no longer reads or writes the column (and tell the ORM to ignore it), wait until no old version runs, then drop it in a later release, with lock_timeout set.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      return alterCommands(at.statement)
        .filter((cmd) => cmd.subtype === 'AT_DropColumn')
        .map((cmd) => {
          // The rows measured before the migrations, when the catalog was read (data-destroyed leaves drops to this rule).
          const data = destroyedData(context, at.file, at.line, table);
          return {
            file: at.file,
            line: at.line,
            message: `Drops ${shortName(table)}.${String(cmd.name)}, a column production has: running application versions that use it start failing, and its data is lost.${data?.words ?? ''}`,
            ...(data ? { evidence: data.evidence } : {}),
          };
        });
    });
  },
});
