import type pg from 'pg';
import type { SkippedStatement } from '../review/ports.js';
import { planTransactions, transactionControl } from '../sql/plan-transactions.js';
import type { ParsedFile, ParsedStatement } from '../sql/parsed-statement.js';
import { SandboxError } from '../shared/errors.js';
import { runGuardedStatement, type GuardedSession } from './run-guarded-statement.js';

export interface ApplyOptions {
  /**
   * The session's default role (the object owner). Statements that manage roles run as the
   * session's own user instead, the one allowed to create roles, and this role is set again after.
   */
  defaultRole?: string;
  /** `skip`: a statement refused for lack of privilege (42501) is skipped and returned instead of failing. */
  superuserStatements?: 'fail' | 'skip';
  /** Runs on the session, still as its own user, after each statement that manages roles. */
  afterRoleStatement?: (client: pg.Client) => Promise<void>;
}

/** Statements that create, alter, grant or drop roles: on PostgreSQL 16+ only their creator may. */
const ROLE_STATEMENTS = new Set(['CreateRoleStmt', 'AlterRoleStmt', 'AlterRoleSetStmt', 'DropRoleStmt', 'GrantRoleStmt']);
const INSUFFICIENT_PRIVILEGE = '42501';
const SAVEPOINT = 'pg_dba_review_base_statement';

/**
 * Applies already-deployed migrations without tracing them, with the same transaction
 * semantics the trace uses. Any failure means the base history does not apply on this
 * Postgres, which makes the review impossible: it says which file and line. With
 * `superuserStatements: skip`, statements Postgres refuses for lack of privilege are skipped
 * (rolled back to a savepoint inside a transaction) and returned, so the review can name them.
 */
export async function applyMigrations(session: GuardedSession, files: ParsedFile[], options: ApplyOptions = {}): Promise<SkippedStatement[]> {
  const skipped: SkippedStatement[] = [];
  const skip = options.superuserStatements === 'skip';
  for (const file of files) {
    if (file.parseError) {
      throw new SandboxError(
        `base migration ${file.path} line ${file.parseError.line} does not parse: ${file.parseError.message}`,
      );
    }
    const wrap = planTransactions(file) === 'single-transaction';
    let inTransaction = wrap;
    if (wrap) await session.client.query('BEGIN');
    for (const statement of file.statements) {
      const control = transactionControl(statement);
      const guard = skip && inTransaction && control === undefined;
      const asSessionUser = options.defaultRole !== undefined && isRoleStatement(statement);
      try {
        if (guard) await session.client.query(`SAVEPOINT ${SAVEPOINT}`);
        if (asSessionUser) await session.client.query('SET ROLE NONE');
        await runGuardedStatement(session, statement.text);
        if (asSessionUser) await options.afterRoleStatement?.(session.client);
        if (asSessionUser) await session.client.query(`SET ROLE ${options.defaultRole}`);
        if (guard) await session.client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (skip && code === INSUFFICIENT_PRIVILEGE && (guard || !inTransaction)) {
          if (guard) await session.client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
          if (asSessionUser) await session.client.query(`SET ROLE ${options.defaultRole}`);
          skipped.push({ file: file.path, line: statement.line, sql: statement.sql, reason: errorText(error) });
          continue;
        }
        await rollbackQuietly(session.client);
        const hint =
          code === INSUFFICIENT_PRIVILEGE
            ? ` — the statement \`${shorten(statement.sql)}\` needs a privilege the sandbox never gives (migrations run without superuser power); if production's deploy runs it as a superuser, set \`migrations.baseSuperuserStatements: skip\` to skip such base statements (each is named in the review)`
            : '';
        throw new SandboxError(`applying base migration ${file.path} line ${statement.line}: ${errorText(error)}${hint}`);
      }
      if (control === 'begin') inTransaction = true;
      if (control === 'commit' || control === 'rollback') inTransaction = false;
    }
    if (wrap) await session.client.query('COMMIT');
  }
  return skipped;
}

function isRoleStatement(statement: ParsedStatement): boolean {
  if (ROLE_STATEMENTS.has(statement.kind)) return true;
  return (statement.kind === 'RenameStmt' || statement.kind === 'CommentStmt') && (statement.node.renameType === 'OBJECT_ROLE' || statement.node.objtype === 'OBJECT_ROLE');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function shorten(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

async function rollbackQuietly(client: pg.Client): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
}
