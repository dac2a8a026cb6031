import { defineRule } from './define-rule.js';

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
      migration.status === 'failed' && migration.error && !migration.file.parseError
        ? [{ file: migration.file.path, line: migration.error.line, message: migration.error.message }]
        : [],
    ),
});
