import { defineRule } from './define-rule.js';

/**
 * Failures a dedicated rule explains better, by SQLSTATE: 25001 a statement that refuses a
 * transaction block (ban-concurrent-index-in-transaction), 55P04 a new enum value used before
 * commit (enum-value-used-in-same-transaction).
 */
const EXPLAINED_ELSEWHERE = ['25001', '55P04'];

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
      !EXPLAINED_ELSEWHERE.includes(migration.statements.find((s) => s.error)?.error?.code ?? '')
        ? [{ file: migration.file.path, line: migration.error.line, message: migration.error.message }]
        : [],
    ),
});
