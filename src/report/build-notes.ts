import { changesAccessControl, isDestructive } from '../sql/classify-statement.js';
import { describeStatement } from '../sql/describe-statement.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import type { ReviewNote, ReviewNotes } from './review.js';

const MAX_OBJECTIVE_ACTIONS = 8;

/** The DBA sections' facts, from the parse trees and the trace: plain text, formatted later. */
export function buildNotes(migrations: TracedMigration[]): ReviewNotes {
  const all = migrations.flatMap((m) => m.file.statements.map((statement) => ({ migration: m, statement })));
  const summaries = all.filter(({ statement }) => statement.kind !== 'TransactionStmt').map(({ statement }) => describeStatement(statement));
  const relations = [...new Set(summaries.flatMap((s) => s.relations))];
  const traced = new Map(migrations.flatMap((m) => m.statements.map((t) => [t.statement, t] as const)));
  const note = (m: TracedMigration, s: { line: number; sql: string }, message: string): ReviewNote => ({
    message,
    sql: s.sql,
    file: m.file.path,
    line: s.line,
  });

  const indexing: ReviewNote[] = [];
  const security: ReviewNote[] = [];
  const backup: ReviewNote[] = [];
  for (const { migration, statement } of all) {
    const measured = traced.get(statement);
    if (statement.kind === 'IndexStmt') {
      const blocked = measured?.locks.find((l) => l.mode === 'ShareLock');
      indexing.push(
        note(
          migration,
          statement,
          statement.node.concurrent
            ? 'Builds the index concurrently: reads and writes continue during the build.'
            : blocked
              ? `Builds the index without CONCURRENTLY: writes to ${blocked.relation} wait for the whole build.`
              : measured && !measured.error
                ? 'Builds the index on a table created in this change: no existing traffic is blocked.'
                : 'Builds the index without CONCURRENTLY; not measured, because the statement did not run.',
        ),
      );
    }
    if (changesAccessControl(statement)) security.push(note(migration, statement, 'Changes access control: check who gains or loses access.'));
    if (isDestructive(statement)) {
      const rows = measured?.rows;
      backup.push(
        note(
          migration,
          statement,
          `Destroys data${rows ? ` (${rows} rows in the sandbox)` : ''}: take a backup of what it removes (pg_dump -t) or note a restore point before deploying.`,
        ),
      );
    }
  }

  const actions = summaries.map((s) => s.action);
  const objective =
    actions.length === 0
      ? 'No statements to apply.'
      : `${capitalize(actions.slice(0, MAX_OBJECTIVE_ACTIONS).join('; '))}${actions.length > MAX_OBJECTIVE_ACTIONS ? `; and ${actions.length - MAX_OBJECTIVE_ACTIONS} more` : ''}.`;

  return {
    title: relations.length > 0 ? relations.slice(0, 3).join(', ') + (relations.length > 3 ? ` and ${relations.length - 3} more` : '') : migrations.map((m) => m.file.path.split('/').pop()).join(', '),
    objective,
    indexing,
    security,
    backup,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
