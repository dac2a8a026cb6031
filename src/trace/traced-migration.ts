import type { ParsedFile, ParsedStatement } from '../sql/parsed-statement.js';
import type { TransactionMode } from '../sql/plan-transactions.js';
import type { BlockedOperation, LockMode } from './lock-modes.js';
import type { TableCounters } from './probe-session.js';

/** A lock a statement took on a relation that existed before its transaction. */
export interface TracedLock {
  relation: string;
  /** r table, i index, S sequence, m materialized view, p partitioned table, v view ... */
  relkind: string;
  mode: LockMode;
  blocks: BlockedOperation[];
  /** From the statement's start until its transaction ended (observed window for autocommit). */
  heldMs: number;
}

/**
 * What one statement made Postgres do to a table that existed before its transaction, from the
 * session's own statistics counters (pg_stat_xact_all_tables) read before and after it. A
 * validation scan counts as one sequential scan even on an empty table.
 */
export interface TableRead extends TableCounters {
  relation: string;
}

export interface StatementError {
  message: string;
  line: number;
  /** SQLSTATE, when Postgres raised it. */
  code?: string;
}

export interface TracedStatement {
  statement: ParsedStatement;
  durationMs: number;
  walBytes: number;
  /** Pre-existing relations whose relfilenode changed: their data was rewritten. */
  rewrites: string[];
  locks: TracedLock[];
  /** Rows reported by Postgres for DML, null otherwise. */
  rows: number | null;
  /**
   * Per pre-existing table, what the statement read and changed (only tables it did something
   * to). Absent for statements run outside a transaction block: the backend may flush its
   * counters between two probes there, so no difference can be trusted.
   */
  reads?: TableRead[];
  /** Whether it ran inside a transaction block (ours or the file's own). */
  inTransaction: boolean;
  /** Ran outside a transaction, its locks observed from a second session. */
  observed: boolean;
  /** The session's lock_timeout when the statement started ("0" = wait forever). */
  lockTimeout: string;
  error?: StatementError;
}

export interface TracedMigration {
  file: ParsedFile;
  status: 'applied' | 'failed' | 'skipped';
  error?: { message: string; line: number };
  transactionMode: TransactionMode;
  statements: TracedStatement[];
}
