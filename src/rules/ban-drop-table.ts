import { defineRule } from './define-rule.js';
import { destroyedData } from './helpers/judge-notes.js';
import { listTracedStatements, locksOnExisting, nameFromList, shortName } from './helpers/walk-statements.js';

export const banDropTable = defineRule({
  name: 'ban-drop-table',
  meta: {
    severity: 'warning',
    summary: 'An existing table is dropped.',
    why: 'Every running application version that still queries the table fails at once, and the data is gone: only a restore from backup brings it back. DROP TABLE also takes AccessExclusiveLock on the table and on the tables whose foreign keys reference it.',
    safeAlternative:
      'Stop using the table in the application first, then rename it (ALTER TABLE t RENAME TO t_deprecated) for a release to catch stragglers, take a backup of it, and drop it in a later migration.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      if (at.statement.kind !== 'DropStmt' || at.traced.error || at.statement.node.removeType !== 'OBJECT_TABLE') return [];
      const dropped = (at.statement.node.objects as unknown[]).map(nameFromList).filter((name): name is string => !!name);
      const existing = dropped.filter((name) => locksOnExisting(all, at, name).length > 0);
      if (existing.length === 0) return [];
      // The rows measured before the migrations, when the catalog was read (data-destroyed leaves drops to this rule).
      const data = existing.length === 1 ? destroyedData(context, at.file, at.line, existing[0]!) : undefined;
      return [
        {
          file: at.file,
          line: at.line,
          message: `Drops ${existing.map(shortName).join(', ')}, which production has: running application versions that query ${existing.length > 1 ? 'them' : 'it'} fail, and the data is lost.${data?.words ?? ''}`,
          ...(data ? { evidence: data.evidence } : {}),
        },
      ];
    });
  },
});
