import type pg from 'pg';
import type { ColumnStatsHint } from '../review/ports.js';

/**
 * Column statistics of every user table (pg_stats, non-inherited), keyed by "schema.table":
 * what the planner knows about values, read from the catalog only (read-only transaction,
 * search_path pg_catalog). pg_stats shows only columns the connected role may read.
 */
export async function listColumnStats(client: pg.Client): Promise<Map<string, ColumnStatsHint[]>> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query('SET LOCAL search_path = pg_catalog');
    const { rows } = await client.query<{
      table: string;
      column: string;
      null_frac: number | null;
      avg_width: number | null;
      n_distinct: number | null;
      mcv: string | null;
      mcf: number[] | null;
      histogram: string | null;
      correlation: number | null;
    }>(`
      SELECT s.schemaname || '.' || s.tablename AS table, s.attname::text AS column, s.null_frac::float8 AS null_frac,
             s.avg_width, s.n_distinct::float8 AS n_distinct, s.most_common_vals::text AS mcv,
             s.most_common_freqs::float8[] AS mcf, s.histogram_bounds::text AS histogram, s.correlation::float8 AS correlation
        FROM pg_catalog.pg_stats s
       WHERE NOT s.inherited AND s.schemaname NOT IN ('pg_catalog', 'information_schema') AND s.schemaname NOT LIKE 'pg\\_%'
       ORDER BY 1, 2`);
    const stats = new Map<string, ColumnStatsHint[]>();
    for (const r of rows) {
      const columns = stats.get(r.table) ?? [];
      columns.push({
        column: r.column,
        nullFrac: r.null_frac,
        avgWidth: r.avg_width,
        nDistinct: r.n_distinct,
        mostCommonVals: r.mcv,
        mostCommonFreqs: r.mcf,
        histogramBounds: r.histogram,
        correlation: r.correlation,
      });
      stats.set(r.table, columns);
    }
    return stats;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}
