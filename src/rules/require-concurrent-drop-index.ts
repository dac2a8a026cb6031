import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName, tableLocks } from './helpers/walk-statements.js';

export const requireConcurrentDropIndex = defineRule({
  name: 'require-concurrent-drop-index',
  meta: {
    severity: 'warning',
    summary: 'DROP INDEX without CONCURRENTLY on an existing table.',
    why: 'A plain DROP INDEX takes AccessExclusiveLock on the table (measured), not only on the index: the drop is quick, but it must wait for every running query on the table, and every new query queues behind it while it waits.',
    safeAlternative: 'DROP INDEX CONCURRENTLY IF EXISTS name;  -- own migration, outside a transaction; takes ShareUpdateExclusiveLock only',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      const node = at.statement.node;
      if (at.statement.kind !== 'DropStmt' || node.removeType !== 'OBJECT_INDEX' || node.concurrent || at.traced.error) return [];
      const lock = tableLocks(at).find((l) => l.mode === 'AccessExclusiveLock');
      if (!lock) return [];
      return [{ file: at.file, line: at.line, message: `DROP INDEX took AccessExclusiveLock on ${shortName(lock.relation)} (blocks ${lock.blocks.join(', ')}).` }];
    }),
});
