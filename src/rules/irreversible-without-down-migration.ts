import { defineRule } from './define-rule.js';
import { listTracedStatements, tableLocks } from './helpers/walk-statements.js';

/** Statements that remove data or definitions wholesale; a targeted UPDATE/DELETE is not a release to roll back. */
const WHOLESALE = new Set(['DropStmt', 'TruncateStmt', 'AlterTableStmt']);

export const irreversibleWithoutDownMigration = defineRule({
  name: 'irreversible-without-down-migration',
  meta: {
    severity: 'info',
    section: 'verification',
    summary: 'A change that cannot be undone comes without a down migration.',
    why: 'No down migration was given, and no statement can undo this one: the data or definition it removes is gone once it commits. Rolling back the release then means a restore from backup, which takes the database back in time for every table. Many teams deploy forward-only and rely on backups, so this is advice; data-destroyed, ban-drop-table and ban-drop-column already ask for the backup when data is lost.',
    safeAlternative: 'Make the change reversible (rename or keep the column for a release instead of dropping it), or write a down migration that restores what it can and keep a backup of the rest (pg_dump --table=t).',
  },
  needs: ['trace', 'catalog'],
  check: (context) => {
    const rollback = context.catalog?.rollback;
    if (!rollback || rollback.source === 'down-migration') return [];
    // Only what production has: statements that locked a table existing before the change
    // (not one created earlier in it, not IF EXISTS of a missing one) and ran.
    const onProduction = new Set(
      listTracedStatements(context)
        .filter((at) => !at.traced.error && tableLocks(at).length > 0)
        .filter((at) => WHOLESALE.has(at.statement.kind) || ((at.statement.kind === 'DeleteStmt' || at.statement.kind === 'UpdateStmt') && !at.statement.node.whereClause))
        .map((at) => `${at.file}:${at.line}`),
    );
    return rollback.inverse
      .filter((i) => i.irreversible && onProduction.has(`${i.file}:${i.line}`))
      .map((i) => ({
        file: i.file,
        line: i.line,
        message: `${i.statement.replace(/\s+/g, ' ').trim().slice(0, 80)} cannot be rolled back (${i.irreversible}) and there is no down migration: is a backup of that data enough?`,
        evidence: { kind: 'rollback' },
      }));
  },
});
