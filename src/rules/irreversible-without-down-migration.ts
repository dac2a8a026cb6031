import { defineRule } from './define-rule.js';

export const irreversibleWithoutDownMigration = defineRule({
  name: 'irreversible-without-down-migration',
  meta: {
    severity: 'info',
    section: 'verification',
    summary: 'A change that cannot be undone comes without a down migration.',
    why: 'No down migration was given, and no statement can undo this one: the data or definition it removes is gone once it commits. Rolling back the release then means a restore from backup, which takes the database back in time for every table. Many teams deploy forward-only and rely on backups, so this is advice; data-destroyed, ban-drop-table and ban-drop-column already ask for the backup when data is lost.',
    safeAlternative: 'Make the change reversible (rename or keep the column for a release instead of dropping it), or write a down migration that restores what it can and keep a backup of the rest (pg_dump --table=t).',
  },
  needs: ['catalog'],
  check: (context) => {
    const rollback = context.catalog?.rollback;
    if (!rollback || rollback.source === 'down-migration') return [];
    return rollback.inverse
      .filter((i) => i.irreversible)
      .map((i) => ({
        file: i.file,
        line: i.line,
        message: `${i.statement.replace(/\s+/g, ' ').trim().slice(0, 80)} cannot be rolled back (${i.irreversible}) and there is no down migration: is a backup of that data enough?`,
        evidence: { kind: 'rollback' },
      }));
  },
});
