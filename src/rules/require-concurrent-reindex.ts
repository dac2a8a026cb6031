import { listOf, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName } from './helpers/walk-statements.js';

export const requireConcurrentReindex = defineRule({
  name: 'require-concurrent-reindex',
  meta: {
    severity: 'error',
    summary: 'REINDEX without CONCURRENTLY on an existing table.',
    why: 'A plain REINDEX holds ShareLock on the table (writes wait) and AccessExclusiveLock on each index it rebuilds (measured), so queries whose plan uses the index wait too, for the whole rebuild.',
    safeAlternative: 'REINDEX INDEX CONCURRENTLY name;  -- or REINDEX TABLE CONCURRENTLY; own migration, outside a transaction',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      if (at.statement.kind !== 'ReindexStmt' || at.traced.error) return [];
      if (listOf(at.statement.node.params).some((p) => unwrap(p, 'DefElem')?.defname === 'concurrently')) return [];
      const locks = at.traced.locks.filter((l) => !at.createdBefore.has(l.relation) && (l.mode === 'ShareLock' || l.mode === 'AccessExclusiveLock'));
      if (locks.length === 0) return [];
      return [{ file: at.file, line: at.line, message: `REINDEX took ${locks.map((l) => `${l.mode} on ${shortName(l.relation)}`).join(', ')}: writes, and reads through the index, wait for the rebuild.` }];
    }),
});
