import type { ParsedFile, ParsedStatement } from '../sql/parsed-statement.js';
import type { TransactionMode } from '../sql/plan-transactions.js';
import type { BlockedOperation, LockMode } from './lock-modes.js';

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
