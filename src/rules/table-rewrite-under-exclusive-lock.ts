import { lockStrength } from '../trace/lock-modes.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import { defineRule } from './define-rule.js';

export const tableRewriteUnderExclusiveLock = defineRule({
  name: 'table-rewrite-under-exclusive-lock',
  meta: {
    severity: 'error',
    summary: 'An existing table was rewritten while holding AccessExclusiveLock.',
    why: 'Postgres copied every row into a new file (the relfilenode changed) while holding AccessExclusiveLock: all reads and writes of the table wait for the whole copy, and the rewrite needs as much free disk as the table and its indexes.',
    safeAlternative:
      'Avoid the rewrite: add the column without a volatile default (or with a constant one), backfill in batches, then SET DEFAULT; for type changes add a new column, backfill, and swap in a short transaction.',
  },
  needs: ['trace'],
  check: ({ migrations }) =>
    migrations.flatMap((migration) =>
      migration.statements.flatMap((traced, position) => {
        if (traced.statement.kind === 'TruncateStmt') return [];
        return traced.rewrites.flatMap((relation) => {
          const lock = strongestLockSoFar(migration, position, relation);
          if (!lock || lock.mode !== 'AccessExclusiveLock' || !['r', 'm', 'p'].includes(lock.relkind)) return [];
          return [{
            file: migration.file.path,
            line: traced.statement.line,
            message: `${relation} was rewritten under AccessExclusiveLock (${traced.durationMs} ms, ${traced.walBytes} bytes of WAL on the sandbox's data); reads and writes wait for the whole copy.`,
          }];
        });
      }),
    ),
});

/** The strongest lock the migration held on a relation by the end of statement `position`. */
function strongestLockSoFar(migration: TracedMigration, position: number, relation: string) {
  const locks = migration.statements.slice(0, position + 1).flatMap((s) => s.locks.filter((l) => l.relation === relation));
  return locks.sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode))[0];
}
