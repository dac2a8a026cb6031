import type pg from 'pg';
import type { ParsedFile } from '../sql/parsed-statement.js';

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
  prepareBase(files: ParsedFile[]): Promise<BaseState>;
  /** A fresh database cloned from the base template, owned by the unprivileged role. */
  openBranch(base: BaseState): Promise<Branch>;
  close(): Promise<void>;
}

export interface BaseState {
  templateDatabase: string;
}

export interface Branch {
  database: string;
  /** A new session as the unprivileged role that owns the branch database. */
  connect(purpose: string): Promise<pg.Client>;
  control: BackendControl;
  /**
   * Planner size hints: sets pg_class.reltuples/relpages of the named tables so EXPLAIN
   * estimates production-like row counts. Privileged and catalog-only (no user code runs).
   * Optional: a provider without it simply plans with the sandbox's own sizes.
   */
  applyTableStats?(hints: TableStatsHint[]): Promise<AppliedTableStats[]>;
  drop(): Promise<void>;
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
}
