import type { Branch, TableStatsHint } from '../review/ports.js';
import { errorMessage } from '../shared/errors.js';
import type { SessionSetting } from '../shared/session-settings.js';
import { listAddedChecks } from '../sql/list-added-checks.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import { quoteQualified } from '../sql/quote-ident.js';
import { listTracedStatements, locksOnExisting, type StatementAt } from '../trace/list-traced-statements.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import { classifyOperation } from './classify-operation.js';
import { fillTables, type FillOutcome } from './fill-tables.js';
import { getProductionParallelism } from './get-production-parallelism.js';
import { GROWTH, extrapolate, type LockEstimate } from './lock-estimate.js';

export interface CalibrationSettings {
  /** The whole step's wall-clock budget; runs that would not fit are not started. */
  budgetMs: number;
  /** Largest synthetic size per table; production sizes above it are extrapolated. */
  maxRows: number;
  /** Production tables smaller than this are not calibrated: the sandbox's figure stands. */
  minRows: number;
}

export interface EstimateInput {
  files: ParsedFile[];
  /** The review's own trace: which statements do work under a blocking lock. */
  migrations: TracedMigration[];
  /** Production's sizes (stats file, `tables:`), with column statistics when known. */
  tableStats: TableStatsHint[];
  pgMajor: number;
  settings: CalibrationSettings;
  /** A fresh branch of the base (a run fills it and replays the change on it). */
  openBranch: () => Promise<Branch>;
  /**
   * Replays the change on a branch with the review's trace (same locks, rewrites, timings);
   * `settings` go before the runner's session settings.
   */
  trace: (branch: Branch, limitMs: number, settings: SessionSetting[]) => Promise<TracedMigration[]>;
}

export interface LockTimeEstimates {
  estimates: LockEstimate[];
  /** What a reader should know about how they were made (a run cut by the budget, ...). */
  notes: string[];
  /** Calibration runs: rows per table, the run's wall-clock time and its parts (branch clone, fill, replay). */
  runs: CalibrationRun[];
}

export interface CalibrationRun {
  rows: Record<string, number>;
  ms: number;
  branchMs: number;
  fillMs: number;
  traceMs: number;
}

interface Candidate {
  at: StatementAt;
  fileIndex: number;
  estimate: LockEstimate;
}

/** Rows given to an empty parent table, so foreign keys have rows to point at. */
const PARENT_ROWS = 10_000;
/** Rows of the smaller calibration size, as a fraction of the larger. */
const SMALL_FRACTION = 0.2;

/**
 * For each statement that works on a pre-existing table (index build, rewrite, validating scan,
 * UPDATE/DELETE) under a lock that blocks its writes, and whose production size is known,
 * estimates how long that lock would be held on production:
 *   1. production below `minRows`: the sandbox's figure (method `sandbox`);
 *   2. otherwise, on fresh branches of the base, the table is filled with synthetic rows (at
 *      production's size when it is at most `maxRows`; else at `maxRows` and a fifth of it;
 *      rows that fail a CHECK the change adds are left out, as production's rows must pass it),
 *      VACUUM ANALYZEd as production's would be, and the whole change is replayed with the
 *      review's trace, its index builds planned as parallel as production's (see
 *      getProductionParallelism); the statement's measured times are extrapolated to production's rows
 *      by the operation's growth (linear, or n·log n for B-tree builds);
 *   3. a lock taken inside a transaction is held until it ends: its estimate adds the
 *      estimated times of the statements after it in the transaction.
 * The runs stay within `budgetMs` (a run predicted not to fit is skipped and said so).
 */
export async function estimateLockTimes(input: EstimateInput): Promise<LockTimeEstimates> {
  const started = performance.now();
  const rowsOf = new Map(input.tableStats.map((h) => [qualify(h.table), h.rows]));
  const all = listTracedStatements({ migrations: input.migrations });
  const fileIndex = new Map(input.migrations.map((m, i) => [m, i]));
  const candidates: Candidate[] = [];
  for (const at of all) {
    const held = (table: string) => locksOnExisting(all, at, table);
    const classified = classifyOperation(at.traced, held);
    if (!classified || at.createdBefore.has(classified.table)) continue;
    const productionRows = rowsOf.get(classified.table);
    if (productionRows === undefined) continue;
    const widest = held(classified.table).sort((a, b) => b.blocks.length - a.blocks.length)[0]!;
    const blocks = widest.blocks.includes('writes') ? widest.blocks.filter((b) => b !== 'ddl') : (['writes'] as const);
    const small = productionRows < input.settings.minRows;
    candidates.push({
      at,
      fileIndex: fileIndex.get(at.migration)!,
      estimate: {
        file: at.file,
        line: at.line,
        table: classified.table,
        operation: classified.operation,
        growth: GROWTH[classified.operation],
        blocks: [...blocks],
        productionRows,
        sandboxMs: at.traced.durationMs,
        method: small ? 'sandbox' : 'unavailable',
        measurements: [],
        ...(small ? { statementMs: at.traced.durationMs } : {}),
      },
    });
  }

  const notes: string[] = [];
  const runs: LockTimeEstimates['runs'] = [];
  const toCalibrate = candidates.filter((c) => c.estimate.method === 'unavailable');
  const tables = [...new Set(toCalibrate.map((c) => c.estimate.table))];
  if (tables.length > 0 && input.settings.budgetMs <= 0) {
    notes.push('Calibration is off (production.calibrationBudgetSeconds: 0): lock times of large tables are not estimated.');
    for (const candidate of toCalibrate) candidate.estimate.reason = 'calibration is off';
  } else if (tables.length > 0) {
    const sizes = new Map(tables.map((t) => [t, calibrationSizes(rowsOf.get(t)!, input.settings.maxRows)]));
    const runCount = Math.max(...[...sizes.values()].map((s) => s.length));
    const unfillable = new Map<string, string>();
    // Tables with an index build to calibrate, and the parallelism their calibration builds got.
    const builds = new Set(toCalibrate.filter((c) => c.estimate.operation === 'index-build').map((c) => c.estimate.table));
    const workers = new Map<string, number>();
    for (let run = 0; run < runCount; run++) {
      const elapsed = performance.now() - started;
      const previous = runs.at(-1);
      // The next run: the last one's clone, and its fill and replay scaled by rows. Skipped when it would not fit.
      const predicted = previous ? previous.branchMs + (previous.fillMs + previous.traceMs) * (sumRows(sizes, run) / Math.max(1, sumRows(sizes, run - 1))) : 0;
      if (elapsed + predicted > input.settings.budgetMs) {
        notes.push(`Calibration stopped after ${runs.length} of ${runCount} runs to stay within its budget of ${Math.round(input.settings.budgetMs / 1000)} s.`);
        break;
      }
      const runStarted = performance.now();
      const targets = tables.filter((t) => !unfillable.has(t)).map((t) => ({ table: t, rows: sizes.get(t)![Math.min(run, sizes.get(t)!.length - 1)]! }));
      if (targets.length === 0) break;
      const parallel = targets.filter((t) => builds.has(t.table)).map((t) => ({ table: t.table, productionRows: rowsOf.get(t.table)! }));
      try {
        const { fills, traced, timing, parallelism } = await calibrationRun(input, targets, parallel, input.settings.budgetMs - elapsed);
        for (const [table, count] of parallelism) workers.set(table, count);
        for (const fill of fills) if (fill.unfillable) unfillable.set(fill.table, fill.unfillable);
        const totals = new Map(fills.map((f) => [f.table, f.total]));
        for (const candidate of toCalibrate) {
          if (unfillable.has(candidate.estimate.table)) continue;
          const replayed = traced[candidate.fileIndex]?.statements[candidate.at.position];
          if (!replayed || replayed.statement.line !== candidate.at.line) {
            candidate.estimate.reason ??= 'on synthetic rows the change stopped before this statement (an earlier statement failed)';
            continue;
          }
          if (replayed.error) {
            candidate.estimate.reason ??= `on synthetic rows it failed: ${replayed.error.message}`;
            continue;
          }
          candidate.estimate.measurements.push({ rows: totals.get(candidate.estimate.table) ?? 0, ms: replayed.durationMs });
        }
        runs.push({ rows: Object.fromEntries(totals), ms: Math.round(performance.now() - runStarted), ...timing });
      } catch (error) {
        notes.push(`A calibration run failed: ${errorMessage(error)}.`);
        break;
      }
    }
    for (const candidate of toCalibrate) {
      const { estimate } = candidate;
      const why = unfillable.get(estimate.table);
      if (why) estimate.reason = `${estimate.table} could not be filled with synthetic rows: ${why}`;
      if (estimate.measurements.length === 0) {
        estimate.reason ??= 'not calibrated (budget)';
        continue;
      }
      delete estimate.reason;
      const largest = estimate.measurements.reduce((a, b) => (b.rows > a.rows ? b : a));
      estimate.method = largest.rows >= estimate.productionRows ? 'measured' : 'calibrated';
      const parallelWorkers = estimate.operation === 'index-build' ? workers.get(estimate.table) : undefined;
      if (parallelWorkers !== undefined) estimate.parallelWorkers = parallelWorkers;
      estimate.statementMs = round(estimate.method === 'measured' ? largest.ms : extrapolate(estimate.measurements, estimate.productionRows, estimate.growth));
    }
  }

  // 3. a lock is held to the end of its transaction: add what runs after the statement in it.
  const ownMs = new Map(candidates.filter((c) => c.estimate.statementMs !== undefined).map((c) => [c.at, c.estimate.statementMs!]));
  for (const candidate of candidates) {
    if (candidate.estimate.statementMs === undefined) continue;
    // From the statement that took the blocking lock (this one, or an earlier one of its transaction) to the transaction's end.
    const same = all.filter((s) => s.migration === candidate.at.migration && s.transaction === candidate.at.transaction);
    const table = candidate.estimate.table;
    const from = same.find((s) => s.position <= candidate.at.position && s.traced.locks.some((l) => l.relation === table && candidate.estimate.blocks.every((b) => l.blocks.includes(b))))?.position ?? candidate.at.position;
    const span = same.filter((s) => s.position >= from);
    candidate.estimate.heldMs = round(span.reduce((sum, s) => sum + (ownMs.get(s) ?? s.traced.durationMs), 0));
  }
  return { estimates: candidates.map((c) => c.estimate), notes, runs };
}

/** One calibration run: a fresh branch, the tables filled (index builds as parallel as production's), then the whole change replayed. */
async function calibrationRun(
  input: EstimateInput,
  targets: Array<{ table: string; rows: number }>,
  parallel: Array<{ table: string; productionRows: number }>,
  remainingMs: number,
): Promise<{ fills: FillOutcome[]; traced: TracedMigration[]; timing: Omit<CalibrationRun, 'rows' | 'ms'>; parallelism: Map<string, number> }> {
  let at = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - at);
    at = now;
    return ms;
  };
  const branch = await input.openBranch();
  const branchMs = lap();
  try {
    const client = await branch.connect('pg-dba-review calibration');
    let fills: FillOutcome[];
    let parallelism: Awaited<ReturnType<typeof getProductionParallelism>>;
    try {
      await client.query('BEGIN');
      fills = await fillTables(client, targets, { stats: input.tableStats, parentRows: Math.min(PARENT_ROWS, ...targets.map((t) => t.rows)), changeChecks: changeChecks(input.files) });
      await client.query('COMMIT');
      // As production's tables are: analyzed, hint bits set, all-visible.
      for (const table of new Set(fills.flatMap((f) => (f.added > 0 ? [f.table, ...f.parents] : [])))) await client.query(`VACUUM ANALYZE ${quoteQualified(table)}`);
      parallelism = await getProductionParallelism(client, parallel.filter((p) => fills.some((f) => f.table === p.table && f.total > 0)));
    } finally {
      await client.end().catch(() => undefined);
    }
    const fillMs = lap();
    const traced = await input.trace(branch, Math.max(1000, remainingMs - branchMs - fillMs), parallelism.settings);
    return { fills, traced, timing: { branchMs, fillMs, traceMs: lap() }, parallelism: parallelism.workers };
  } finally {
    await branch.drop().catch(() => undefined);
  }
}

/** The CHECK expressions the change adds, per table. */
function changeChecks(files: ParsedFile[]): Record<string, string[]> {
  const checks: Record<string, string[]> = {};
  for (const file of files) for (const statement of file.statements) for (const check of listAddedChecks(statement)) (checks[check.table] ??= []).push(check.expression);
  return checks;
}

/** Production's size when it fits under the cap; else a fifth of the cap and the cap. */
export function calibrationSizes(productionRows: number, maxRows: number): number[] {
  if (productionRows <= maxRows) return [productionRows];
  return [Math.round(maxRows * SMALL_FRACTION), maxRows];
}

function sumRows(sizes: Map<string, number[]>, run: number): number {
  let sum = 0;
  for (const s of sizes.values()) sum += s[Math.min(Math.max(run, 0), s.length - 1)]!;
  return sum;
}

function qualify(table: string): string {
  return table.includes('.') ? table : `public.${table}`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
