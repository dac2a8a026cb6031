import type pg from 'pg';
import type { BackendControl } from '../review/ports.js';

/** Wall-clock limit for one statement, enforced from outside: the SQL itself can unset any GUC. */
export const DEFAULT_STATEMENT_LIMIT_MS = 120_000;
/** After a cancel is ignored (a busy C function), the backend is terminated this much later. */
const TERMINATE_AFTER_MS = 5_000;

export class StatementTimeLimitError extends Error {
  override readonly name = 'StatementTimeLimitError';
  constructor(readonly limitMs: number) {
    super(`cancelled by the review's time limit after ${formatSeconds(limitMs)}`);
  }
}

export interface GuardedSession {
  client: pg.Client;
  pid: number;
  control: BackendControl;
  limitMs: number;
}

/**
 * Runs one statement on the session and cancels it through the control connection
 * (pg_cancel_backend, then pg_terminate_backend) when it outlives the limit.
 */
export async function runGuardedStatement(session: GuardedSession, text: string): Promise<pg.QueryResult> {
  let timedOut = false;
  let terminateTimer: NodeJS.Timeout | undefined;
  const cancelTimer = setTimeout(() => {
    timedOut = true;
    session.control.cancel(session.pid).catch(() => undefined);
    terminateTimer = setTimeout(() => {
      session.control.terminate(session.pid).catch(() => undefined);
    }, TERMINATE_AFTER_MS);
  }, session.limitMs);
  try {
    return await session.client.query(text);
  } catch (error) {
    if (timedOut) throw new StatementTimeLimitError(session.limitMs);
    throw error;
  } finally {
    clearTimeout(cancelTimer);
    if (terminateTimer) clearTimeout(terminateTimer);
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
