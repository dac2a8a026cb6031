import type { BlockedOperation } from '../trace/lock-modes.js';

/** What kind of work a statement does under its lock, which says how its time grows with rows. */
export type OperationClass = 'index-build' | 'rewrite' | 'validation-scan' | 'row-change';

/** How an operation's time grows with the table's rows. */
export type Growth = 'linear' | 'n log n';

export const GROWTH: Record<OperationClass, Growth> = {
  'index-build': 'n log n',
  rewrite: 'linear',
  'validation-scan': 'linear',
  'row-change': 'linear',
};

export interface Measurement {
  /** Rows of the table when the statement ran. */
  rows: number;
  ms: number;
}

/**
 * How long a statement's lock on a pre-existing table would be held on production, as evidence
 * for the rules (which judge it against the lock budget) and the report (which prints it).
 */
export interface LockEstimate {
  file: string;
  line: number;
  /** "schema.name" of the table the statement works on. */
  table: string;
  operation: OperationClass;
  growth: Growth;
  /** What the statement's lock on the table blocks (reads implies writes). */
  blocks: BlockedOperation[];
  /** Production's row count (stats file or `tables:`). */
  productionRows: number;
  /** The statement's time on the sandbox's own data. */
  sandboxMs: number;
  /**
   * - `calibrated`: measured on synthetic rows at one or two sizes, extrapolated by `growth`;
   * - `measured`: measured on synthetic rows at production's own size;
   * - `sandbox`: production's table is small (below the calibration threshold): the sandbox's figure;
   * - `unavailable`: no estimate (see `reason`).
   */
  method: 'calibrated' | 'measured' | 'sandbox' | 'unavailable';
  measurements: Measurement[];
  /**
   * Index builds: the parallel workers the calibration builds were given, those Postgres plans for
   * production's size on this server (its max_parallel_maintenance_workers and maintenance_work_mem).
   */
  parallelWorkers?: number;
  /** The statement alone on production. */
  statementMs?: number;
  /** The lock on production: from this statement to the end of its transaction. */
  heldMs?: number;
  /** Why there is no estimate, or what limits it. */
  reason?: string;
}

/**
 * Pure: the time at `rows` from measurements at smaller sizes. One measurement scales by the
 * growth function; two fit a fixed part and a per-row part (t = a + b·f(n)) and keep the
 * fixed part out of the scaling. A fit that comes out flat or negative (noise on tiny
 * tables) falls back to scaling the largest measurement.
 */
export function extrapolate(measurements: Measurement[], rows: number, growth: Growth): number {
  const f = (n: number) => (growth === 'linear' ? n : n * Math.log2(Math.max(2, n)));
  const points = measurements.filter((m) => m.rows > 0).sort((a, b) => a.rows - b.rows);
  const largest = points.at(-1);
  if (!largest) return measurements[0]?.ms ?? 0;
  const proportional = (largest.ms * f(rows)) / f(largest.rows);
  if (points.length < 2) return proportional;
  const smallest = points[0]!;
  const slope = (largest.ms - smallest.ms) / (f(largest.rows) - f(smallest.rows));
  if (!(slope > 0) || f(largest.rows) === f(smallest.rows)) return proportional;
  const fixed = largest.ms - slope * f(largest.rows);
  return Math.max(slope * f(rows) + Math.max(0, fixed), 0);
}
