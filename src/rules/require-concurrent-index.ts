import { defineRule } from './define-rule.js';

export const requireConcurrentIndex = defineRule({
  name: 'require-concurrent-index',
  meta: {
    severity: 'error',
    summary: 'CREATE INDEX without CONCURRENTLY on an existing table.',
    why: 'A plain CREATE INDEX holds a ShareLock on the table for the whole build: reads go on, but every INSERT, UPDATE and DELETE waits until the index is built, which on a large table means minutes of failed writes.',
    safeAlternative:
      'CREATE INDEX CONCURRENTLY ... in a migration of its own, outside a transaction; if it fails it leaves an INVALID index: DROP INDEX CONCURRENTLY it and retry.',
  },
  needs: ['trace'],
  check: ({ migrations }) =>
    migrations.flatMap((migration) =>
      migration.statements.flatMap((traced) => {
        if (traced.statement.kind !== 'IndexStmt' || traced.statement.node.concurrent) return [];
        const lock = traced.locks.find((l) => l.mode === 'ShareLock' && ['r', 'p', 'm'].includes(l.relkind));
        if (!lock) return [];
        return [{
          file: migration.file.path,
          line: traced.statement.line,
          message: `CREATE INDEX took ShareLock on ${lock.relation} and blocked writes to it for ${lock.heldMs} ms here; on production-sized data that is the whole index build.`,
        }];
      }),
    ),
});
