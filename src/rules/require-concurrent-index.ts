import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName } from './helpers/walk-statements.js';

export const requireConcurrentIndex = defineRule({
  name: 'require-concurrent-index',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'CREATE INDEX without CONCURRENTLY on an existing table.',
    why: 'A plain CREATE INDEX holds a ShareLock on the table for the whole build: reads go on, but every INSERT, UPDATE and DELETE waits until the index is built, which on a large table means minutes of failed writes.',
    safeAlternative:
      'CREATE INDEX CONCURRENTLY ... in a migration of its own, outside a transaction; if it fails it leaves an INVALID index: DROP INDEX CONCURRENTLY it and retry.',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      if (at.statement.kind !== 'IndexStmt' || at.statement.node.concurrent) return [];
      const lock = at.traced.locks.find((l) => l.mode === 'ShareLock' && ['r', 'p', 'm'].includes(l.relkind) && !at.createdBefore.has(l.relation));
      if (!lock) return [];
      return [{
        file: at.file,
        line: at.line,
        message: `CREATE INDEX took ShareLock on ${shortName(lock.relation)} and blocked writes to it for ${lock.heldMs} ms here; on production-sized data that is the whole index build.`,
      }];
    }),
});
