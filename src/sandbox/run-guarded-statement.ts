import type pg from 'pg';
import type { BackendControl } from '../review/ports.js';
import { protocolGuardOf } from './guard-protocol.js';

/** Wall-clock limit for one statement, enforced from outside: the SQL itself can unset any GUC. */
export const DEFAULT_STATEMENT_LIMIT_MS = 120_000;
/** After a cancel is ignored (a busy C function), the backend is terminated this much later. */
const TERMINATE_AFTER_MS = 5_000;

/** How much a review database may grow during one statement before it is cancelled. */
export const DEFAULT_DISK_GROWTH_LIMIT_BYTES = 1024 ** 3;
/** Disk is checked only for statements that run at least this long, then this often. */
const DISK_CHECK_EVERY_MS = 250;

export class DiskLimitError extends Error {
  override readonly name = 'DiskLimitError';
  constructor(readonly limitBytes: number) {
    super(`cancelled: the review database grew by more than ${Math.round(limitBytes / 1024 ** 2)} MB during this statement (the review's disk limit)`);
  }
}

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
  /** Growth of the database during one statement that cancels it; default 1 GiB. */
  diskGrowthLimitBytes?: number;
}

/**
 * Runs one statement on the session and cancels it through the control connection
 * (pg_cancel_backend, then pg_terminate_backend) when it outlives the limit.
 */
export async function runGuardedStatement(session: GuardedSession, text: string): Promise<pg.QueryResult> {
  let stoppedBy: Error | undefined;
  let terminateTimer: NodeJS.Timeout | undefined;
  const stop = (reason: Error) => {
    if (stoppedBy) return;
    stoppedBy = reason;
    session.control.cancel(session.pid).catch(() => undefined);
    terminateTimer = setTimeout(() => {
      session.control.terminate(session.pid).catch(() => undefined);
    }, TERMINATE_AFTER_MS);
  };
  const cancelTimer = setTimeout(() => stop(new StatementTimeLimitError(session.limitMs)), session.limitMs);
  const diskLimit = session.diskGrowthLimitBytes ?? DEFAULT_DISK_GROWTH_LIMIT_BYTES;
  let startSize: number | undefined;
  const diskTimer = setInterval(() => {
    session.control
      .databaseSize(session.pid)
      .then((size) => {
        if (size === undefined) return;
        startSize ??= size;
        if (size - startSize > diskLimit) stop(new DiskLimitError(diskLimit));
      })
      .catch(() => undefined);
  }, DISK_CHECK_EVERY_MS);
  try {
    // The result's rows are counted and dropped below the driver (the count stays in rowCount).
    protocolGuardOf(session.client)?.discardResults();
    return await session.client.query(text);
  } catch (error) {
    throw stoppedBy ?? error;
  } finally {
    clearTimeout(cancelTimer);
    clearInterval(diskTimer);
    if (terminateTimer) clearTimeout(terminateTimer);
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
