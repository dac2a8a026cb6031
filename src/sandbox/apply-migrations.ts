import type pg from 'pg';
import { planTransactions } from '../sql/plan-transactions.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import { SandboxError } from '../shared/errors.js';
import { runGuardedStatement, type GuardedSession } from './run-guarded-statement.js';

/**
 * Applies already-deployed migrations without tracing them, with the same transaction
 * semantics the trace uses. Any failure means the base history does not apply on this
 * Postgres, which makes the review impossible: it says which file and line.
 */
export async function applyMigrations(session: GuardedSession, files: ParsedFile[]): Promise<void> {
  for (const file of files) {
    if (file.parseError) {
      throw new SandboxError(
        `base migration ${file.path} line ${file.parseError.line} does not parse: ${file.parseError.message}`,
      );
    }
    const wrap = planTransactions(file) === 'single-transaction';
    if (wrap) await session.client.query('BEGIN');
    for (const statement of file.statements) {
      try {
        await runGuardedStatement(session, statement.text);
      } catch (error) {
        await rollbackQuietly(session.client);
        const message = error instanceof Error ? error.message : String(error);
        throw new SandboxError(`applying base migration ${file.path} line ${statement.line}: ${message}`);
      }
    }
    if (wrap) await session.client.query('COMMIT');
  }
}

async function rollbackQuietly(client: pg.Client): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
}
