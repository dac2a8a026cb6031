import type pg from 'pg';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { ChangedFile } from '../migrations/changed-file.js';
import type { CheckOutcome } from '../report/check-output.js';

/**
 * What the review needs from a Postgres provider (embedded today; a shared server or Neon
 * later). Untrusted SQL only ever runs through `Branch.connect()`, as an unprivileged role;
 * `control` is the provider's privileged side and never runs user SQL or fires user objects.
 */
export interface Sandbox {
  /** e.g. "16.14". */
  readonly serverVersion: string;
  readonly majorVersion: number;
  /** Applies already-deployed migrations, untraced, into a template; cached by content. */
  prepareBase(files: ParsedFile[], options?: BaseOptions): Promise<BaseState>;
  /** A fresh database cloned from the base template, owned by the unprivileged role. */
  openBranch(base: BaseState): Promise<Branch>;
  close(): Promise<void>;
}

export interface BaseOptions {
  /** Roles production has before the first migration (a preset's, e.g. Supabase's anon), made by the sandbox itself. */
  roles?: string[];
  /**
   * `skip`: a base statement refused for lack of privilege (SQLSTATE 42501; a superuser's
   * statement) is skipped and named in `BaseState.skipped` instead of failing the review.
   */
  superuserStatements?: 'fail' | 'skip';
}

export interface BaseState {
  templateDatabase: string;
  /** Author's role name → the sandbox's, for the roles the base created (see Branch.rewriteSql). */
  roles?: Record<string, string>;
  /** Base statements skipped under `superuserStatements: skip`. */
  skipped?: SkippedStatement[];
}

export interface SkippedStatement {
  file: string;
  line: number;
  /** Redacted SQL. */
  sql: string;
  /** Postgres' error. */
  reason: string;
}

export interface Branch {
  database: string;
  /** A new session as the unprivileged role that owns the branch database. */
  connect(purpose: string): Promise<pg.Client>;
  control: BackendControl;
  /**
   * A statement as this branch runs it: role names rewritten to the branch's own (roles are
   * global to a server; each review's are kept apart). May throw to refuse a statement the
   * sandbox cannot run, with the reason. Absent: statements run as written.
   */
  rewriteSql?(text: string): string;
  /** The branch's role names → the author's, to say everything in the author's names. */
  roleNames?(): ReadonlyMap<string, string>;
  /**
   * Planner size hints: sets pg_class.reltuples/relpages of the named tables so EXPLAIN
   * estimates production-like row counts. Privileged and catalog-only (no user code runs).
   * Optional: a provider without it simply plans with the sandbox's own sizes.
   */
  applyTableStats?(hints: TableStatsHint[]): Promise<AppliedTableStats[]>;
  /**
   * Privileged helper sessions, each holding one relation (a table or partitioned table of this
   * database, by oid) in `mode` in an open transaction: lock requests of a statement that runs
   * outside a transaction then wait where they can be read (see trace/watch-backend-locks.ts).
   * Lock-only (LOCK TABLE ONLY), catalog-pinned sessions: no user object is resolved or fired.
   * Optional: without it, such statements are sampled.
   */
  holdRelationLocks?(oids: number[], mode: HeldLockMode): Promise<RelationHold[]>;
  drop(): Promise<void>;
  /**
   * Drops the branch after the caller has moved on (DROP DATABASE of a 10,000-table clone takes
   * ~0.3 s of deleting files that no review result depends on); the sandbox's close() waits for
   * it. Optional: without it the review waits for drop().
   */
  dropInBackground?(): void;
}

export type HeldLockMode = 'ACCESS EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE';

/** One helper session holding one relation; `release` ends its transaction and its session. */
export interface RelationHold {
  oid: number;
  /** The helper's backend pid, as pg_blocking_pids reports it. */
  pid: number;
  release(): Promise<void>;
}

export interface TableStatsHint {
  /** "schema.name" or "name" (public). */
  table: string;
  rows: number;
  /** Production's column statistics (pg_stats), restored on PostgreSQL 18+. */
  columns?: ColumnStatsHint[];
}

/** One row of production's pg_stats, as `stats export --format json` writes it. */
export interface ColumnStatsHint {
  column: string;
  nullFrac?: number | null;
  avgWidth?: number | null;
  nDistinct?: number | null;
  /** Array literal of the column's type, e.g. "{done,open}". */
  mostCommonVals?: string | null;
  mostCommonFreqs?: number[] | null;
  histogramBounds?: string | null;
  correlation?: number | null;
}

export interface AppliedTableStats {
  table: string;
  rows: number;
  /** Why the hint was not applied (no such table, or no data page to scale). */
  skipped?: string;
}

export interface RelationLock {
  oid: number;
  mode: string;
  granted: boolean;
}

/** Privileged, catalog-only operations on another backend: the watchdog and lock observer. */
export interface BackendControl {
  cancel(pid: number): Promise<void>;
  terminate(pid: number): Promise<void>;
  listRelationLocks(pid: number): Promise<RelationLock[]>;
  /** The backend's relation locks and the pids it waits for (pg_blocking_pids), in one snapshot. */
  listLockWaits?(pid: number): Promise<{ locks: RelationLock[]; blockedBy: number[] }>;
  /** Size in bytes of the database the backend is connected to (the disk-fill guard). */
  databaseSize(pid: number): Promise<number | undefined>;
}

export type { ChangedFile } from '../migrations/changed-file.js';
export type { CheckAnnotation, CheckConclusion, CheckOutcome } from '../report/check-output.js';

export interface TreeEntry {
  path: string;
  sha: string;
}

/** A comment the bot itself wrote on the pull request (found by authorship, not by text alone). */
export interface BotComment {
  id: number;
  body: string;
}

/**
 * What a pull-request review needs from GitHub, for one repository and one pull request.
 * Implemented in src/github/ (the only folder that talks to Octokit); faked in tests.
 */
export interface GitHubGateway {
  /** Raw `.github/pg-dba-review.yml` from the default branch, or null when there is none. */
  readConfig(): Promise<unknown>;
  /** Files changed by the pull request (paginated, up to GitHub's 3,000). */
  listChangedFiles(): Promise<ChangedFile[]>;
  /** Every blob in the tree of `ref` (one recursive git trees request). */
  listTree(ref: string): Promise<TreeEntry[]>;
  /** A file's text at `ref`, or null when it does not exist there. */
  readFile(path: string, ref: string): Promise<string | null>;
  /** A blob's text by its SHA (cacheable forever: a SHA names one content). */
  readBlob(sha: string): Promise<string>;
  /** The pull request's current head SHA, read again just before publishing. */
  currentHeadSha(): Promise<string>;
  /** The bot's own comments on the pull request. */
  listBotComments(): Promise<BotComment[]>;
  createCheckRun(headSha: string): Promise<number>;
  completeCheckRun(checkRunId: number, outcome: CheckOutcome): Promise<void>;
  /**
   * Finds the bot's sticky comment by its marker and updates it; skips the write when unchanged;
   * creates it only when `createIfMissing` (a PR without migrations gets no new comment).
   */
  upsertComment(body: string, marker: string, options: { createIfMissing: boolean }): Promise<'created' | 'updated' | 'unchanged' | 'skipped'>;
}
