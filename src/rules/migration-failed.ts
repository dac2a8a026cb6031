import type { TracedStatement } from '../trace/traced-migration.js';
import { defineRule } from './define-rule.js';

/**
 * Failures a dedicated rule explains better: 25001 a statement that refuses a transaction block
 * (ban-concurrent-index-in-transaction), 55P04 a new enum value used before commit
 * (enum-value-used-in-same-transaction), and a failed CREATE INDEX CONCURRENTLY
 * (ban-concurrent-index-on-partitioned-table, invalid-index-left-behind).
 */
function isExplainedElsewhere(statement: TracedStatement | undefined): boolean {
  const code = statement?.error?.code ?? '';
  if (code === '25001' || code === '55P04') return true;
  if (statement?.statement.kind !== 'IndexStmt' || !statement.statement.node.concurrent) return false;
  return !['42P07', '42P01', '42703', '42704', '42601'].includes(code);
}

export const migrationFailed = defineRule({
  name: 'migration-failed',
  meta: {
    severity: 'error',
    summary: 'Postgres rejected a statement of the migration.',
    why: 'The deploy would stop at this statement; in a single-transaction migration everything before it is rolled back, otherwise the schema is left half-migrated.',
    safeAlternative: 'Fix the statement so it applies on top of the base schema, then re-run the review.',
  },
  needs: ['trace'],
  check: ({ migrations }) =>
    migrations.flatMap((migration) =>
      migration.status === 'failed' && migration.error && !migration.file.parseError &&
      !isExplainedElsewhere(migration.statements.find((s) => s.error))
        ? [{ file: migration.file.path, line: migration.error.line, message: migration.error.message }]
        : [],
    ),
});
