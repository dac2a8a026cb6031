import type { FailOn } from '../config/config.schema.js';
import type { Finding } from '../rules/run-rules.js';
import type { BlockedOperation, LockMode } from '../trace/lock-modes.js';
import type { TableRead } from '../trace/traced-migration.js';
import type { TransactionMode } from '../sql/plan-transactions.js';
import type { ExplainComparison } from '../inspect/explain-queries.js';
import type { InspectionNote } from '../inspect/inspection.js';
import type { SchemaChange } from '../inspect/build-schema-diff.js';
import type { RollbackReport } from '../inspect/run-rollback.js';
import type { VerificationQuery } from '../inspect/build-verification-queries.js';
import type { LockEstimate } from '../estimate/lock-estimate.js';

export type { ExplainComparison, InspectionNote, SchemaChange, RollbackReport, VerificationQuery, TableRead };

/**
 * The Report JSON of DESIGN.md: what `--format json` prints and what every rendering reads.
 * Fields may be added, never renamed.
 */
export interface Review {
  version: 1;
  /**
   * pass (nothing blocks: "Safe to ship" when no warning remains either, else "Needs a
   * decision"), fail (a blocking finding under `failOn`, or a migration that does not apply),
   * error (the review could not run). The check's conclusion and the CLI's exit code follow it.
   */
  verdict: 'pass' | 'fail' | 'error';
  /** Config `failOn` the verdict was decided with (absent: `error`). */
  failOn?: FailOn;
  postgres: { version: string };
  /** Why the review could not run (verdict "error"). */
  error?: { message: string };
  migrations: ReviewMigration[];
  findings: Finding[];
  /** Rules that needed the sandbox when it could not run. */
  notEvaluated: string[];
  explain: ExplainComparison[];
  notes: ReviewNotes;
  /**
   * What the catalog of the migrated branch says, per DBA section (indexes, RLS, security,
   * backup & HA). Optional in the type only so older fixtures still compile: buildReview
   * always sets it, as it does the three fields below.
   */
  inspections?: InspectionNote[];
  /** Schema diff base → head: tables, columns, indexes, constraints, policies, functions, grants. */
  schemaDiff?: SchemaChange[];
  /** The down migration (given or generated), run after the up in the sandbox, and its result. */
  rollback?: RollbackReport;
  /** Catalog queries that show, after the deploy, that each change landed. */
  verificationQueries?: VerificationQuery[];
  /**
   * Production's sizes at work: per statement that blocks a pre-existing table while it does
   * work proportional to its rows, the estimated lock time on production and how it was made.
   * Absent when no production size was given.
   */
  production?: {
    estimates: LockEstimate[];
    /** How the estimates were made, what limited them (budget, tables that could not be filled). */
    notes: string[];
    /** Wall-clock time of the calibration step. */
    calibrationMs: number;
    /** Each calibration run: rows per table, its time and its parts (branch clone, fill, replay). */
    runs: Array<{ rows: Record<string, number>; ms: number; branchMs: number; fillMs: number; traceMs: number }>;
    lockBudget: { readsMs: number; writesMs: number };
  };
  /** Findings acknowledged on the pull request (`/pg-review ignore`): shown, not blocking. */
  acknowledged?: AcknowledgedFinding[];
  /** Base history statements skipped under `migrations.baseSuperuserStatements: skip` (each also an inspection note). */
  baseSkipped?: Array<{ file: string; line: number; sql: string; reason: string }>;
  /**
   * Wall-clock milliseconds per stage, in the order they ran (for `--format json` and the
   * benchmark, not for the comment). The engine's stages are parse, sandbox, base, branch,
   * before, trace, after, inspect, rollback, drop, rules and report; the App adds discover.
   * A stage that did not run is absent; `failed` holds the time of the stage that failed.
   */
  timings?: ReviewTimings;
}

export type ReviewTimings = Record<string, number>;

export interface AcknowledgedFinding extends Finding {
  reason: string;
  /** Login of who acknowledged it. */
  by: string;
}

export interface ReviewMigration {
  file: string;
  status: 'applied' | 'failed' | 'skipped';
  error?: { message: string; line: number };
  transactionMode: TransactionMode;
  /** The statements that ran (a failed one included); none for a skipped file. */
  statements: ReviewStatement[];
  /** The whole file as parsed, secrets redacted, whether it ran or not. */
  sql?: string;
}

export interface ReviewStatement {
  index: number;
  line: number;
  /** Secrets redacted. */
  sql: string;
  kind: string;
  durationMs: number;
  walBytes: number;
  rewrites: string[];
  locks: ReviewLock[];
  rows: number | null;
  /**
   * Per table that existed before the statement's transaction, what Postgres read and changed
   * in it during this statement, from the migration session's statistics counters
   * (pg_stat_xact_all_tables, before and after the statement): sequential scans started (a
   * validation scan counts one even on an empty table), rows they returned, index scans, rows
   * fetched through indexes, rows inserted, updated and deleted. Only tables with a non-zero
   * count; absent for statements that ran outside a transaction block (CREATE INDEX
   * CONCURRENTLY ...), whose counters cannot be told apart from the next transaction's.
   */
  reads?: TableRead[];
  inTransaction: boolean;
  lockTimeout: string;
  error?: { message: string; line: number; code?: string };
}

export interface ReviewLock {
  relation: string;
  /** "table", "index", "sequence", "materialized view", "partitioned table", ... */
  kind: string;
  mode: LockMode;
  blocks: BlockedOperation[];
  heldMs: number;
}

/** A fact for one of the DBA sections, about one statement; plain text, formatted by templates. */
export interface ReviewNote {
  message: string;
  sql: string;
  file: string;
  line: number;
}

export interface ReviewNotes {
  /** Tables the change touches, for the comment's title. */
  title: string;
  /** What the migration does, in a sentence. */
  objective: string;
  indexing: ReviewNote[];
  security: ReviewNote[];
  backup: ReviewNote[];
}
