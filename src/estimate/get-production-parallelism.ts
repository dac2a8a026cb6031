import type pg from 'pg';
import type { SessionSetting } from '../shared/session-settings.js';
import { quoteQualified } from '../sql/quote-ident.js';

export interface ParallelismTarget {
  /** "schema.name" of a table filled for calibration, with an index build to time. */
  table: string;
  /** Production's row count. */
  productionRows: number;
}

export interface ProductionParallelism {
  /**
   * For the calibration's trace session: `min_parallel_table_scan_size` scaled by synthetic rows
   * / production's rows, so Postgres plans the synthetic table's build as it plans production's.
   * (in blocks, its unit). Empty when nothing needs scaling.
   */
  settings: SessionSetting[];
  /** Per table: the workers its calibration builds get with the server's caps (what production's would get). */
  workers: Map<string, number>;
}

/** Each participant of a parallel build needs at least 32 MB of maintenance_work_mem (plan_create_index_workers). */
const MIN_KB_PER_PARTICIPANT = 32 * 1024;
const INT_MAX = 2 ** 31 - 1;

/**
 * Makes the calibration's index builds as parallel as production's. Postgres plans the workers
 * of a B-tree build from the heap's pages: none below `min_parallel_table_scan_size`, then one,
 * plus one each time the heap triples, capped by `max_parallel_maintenance_workers` and by
 * `maintenance_work_mem` (32 MB per participant, the leader included). A calibration table of
 * 20,000 or 100,000 rows is below that threshold where production's is far above it, so the
 * calibration would time serial builds and extrapolate them to a build production runs in
 * parallel (measured on 2 cores at 2,000,000 rows: 1.5× slower serial).
 *
 * So the trace session of a calibration run gets the threshold scaled by the table's synthetic
 * rows / production's rows: the synthetic heap, smaller by that factor, then crosses each step
 * exactly where production's heap would (production's pages are taken as its rows × the
 * synthetic rows' pages per row). Postgres applies its own caps, in that session, as it would
 * on production: the server's settings and the change's own SETs (`maintenance_work_mem`...).
 * With index builds on several tables, one session setting serves all: it follows the table
 * scaled most (the others may get more workers than production would). A table with its own
 * `parallel_workers` storage parameter needs nothing: Postgres uses it for both sizes.
 * Reads only: call after VACUUM ANALYZE, so relpages and reltuples are current.
 */
export async function getProductionParallelism(client: pg.Client, targets: ParallelismTarget[]): Promise<ProductionParallelism> {
  const settings = await client.query<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_catalog.pg_settings WHERE name IN ('min_parallel_table_scan_size', 'max_parallel_maintenance_workers', 'maintenance_work_mem')",
  );
  const setting = (name: string) => Number(settings.rows.find((r) => r.name === name)?.setting ?? 0);
  const thresholdPages = setting('min_parallel_table_scan_size'); // in blocks, as relpages
  const cap = (planned: number) => capIndexBuildWorkers(planned, setting('max_parallel_maintenance_workers'), setting('maintenance_work_mem'));
  const tables: Array<{ table: string; pages: number; ratio: number; own?: number }> = [];
  for (const target of targets) {
    const { rows } = await client.query<{ relpages: number; reltuples: number; own: string | null }>(
      `SELECT c.relpages, c.reltuples::float8 AS reltuples,
              (SELECT o FROM pg_catalog.unnest(c.reloptions) AS o WHERE o LIKE 'parallel\\_workers=%') AS own
         FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass($1)`,
      [quoteQualified(target.table)],
    );
    const rel = rows[0];
    if (!rel || !(rel.reltuples > 0) || !(target.productionRows > 0)) continue;
    tables.push({
      table: target.table,
      pages: rel.relpages,
      ratio: Math.min(1, rel.reltuples / target.productionRows),
      ...(rel.own !== null ? { own: Number(rel.own.split('=')[1]) } : {}),
    });
  }
  const scaled = tables.filter((t) => t.own === undefined);
  const ratio = Math.min(1, ...scaled.map((t) => t.ratio));
  const calibrationThreshold = Math.round(thresholdPages * ratio);
  const workers = new Map<string, number>();
  for (const t of tables) {
    // With the storage parameter Postgres takes it as is, capped only by max_parallel_maintenance_workers.
    workers.set(t.table, t.own !== undefined ? Math.min(t.own, setting('max_parallel_maintenance_workers')) : cap(plannedHeapWorkers(t.pages, calibrationThreshold)));
  }
  return {
    settings: scaled.length > 0 && calibrationThreshold !== thresholdPages ? [{ name: 'min_parallel_table_scan_size', value: String(calibrationThreshold) }] : [],
    workers,
  };
}

/**
 * Pure: the workers Postgres plans for a scan of a heap of `pages` before any cap (the heap part
 * of compute_parallel_worker in optimizer/path/allpaths.c): none below the threshold, then one,
 * plus one each time the heap reaches three times the last threshold.
 */
export function plannedHeapWorkers(pages: number, thresholdPages: number): number {
  if (pages < thresholdPages) return 0;
  let workers = 1;
  let threshold = Math.max(thresholdPages, 1);
  while (pages >= threshold * 3) {
    workers++;
    threshold *= 3;
    if (threshold > INT_MAX / 3) break;
  }
  return workers;
}

/** Pure: the caps of plan_create_index_workers (optimizer/plan/planner.c) on planned workers. */
export function capIndexBuildWorkers(planned: number, maxParallelMaintenanceWorkers: number, maintenanceWorkMemKb: number): number {
  let workers = Math.min(planned, maxParallelMaintenanceWorkers);
  while (workers > 0 && Math.floor(maintenanceWorkMemKb / (workers + 1)) < MIN_KB_PER_PARTICIPANT) workers--;
  return workers;
}
