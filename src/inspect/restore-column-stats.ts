import type pg from 'pg';
import type { TableStatsHint } from '../review/ports.js';

export interface RestoredColumnStats {
  restored: number;
  /** "schema.table.column: why", for columns Postgres refused (missing column, values of another type...). */
  failed: string[];
}

const ARGUMENTS: Array<[keyof NonNullable<TableStatsHint['columns']>[number], string, string]> = [
  ['nullFrac', 'null_frac', 'real'],
  ['avgWidth', 'avg_width', 'int4'],
  ['nDistinct', 'n_distinct', 'real'],
  ['mostCommonVals', 'most_common_vals', 'text'],
  ['mostCommonFreqs', 'most_common_freqs', 'real[]'],
  ['histogramBounds', 'histogram_bounds', 'text'],
  ['correlation', 'correlation', 'real'],
];

/**
 * Restores production's column statistics on the branch with PostgreSQL 18's
 * pg_restore_attribute_stats, in the unprivileged owner's session (the owner may, no superuser
 * needed). Only the statistics change: no user table is read or written. Postgres reports a
 * value it rejects as a warning and `false`; those columns are listed, not fatal.
 */
export async function restoreColumnStats(client: pg.Client, hints: TableStatsHint[]): Promise<RestoredColumnStats> {
  const result: RestoredColumnStats = { restored: 0, failed: [] };
  for (const hint of hints) {
    const [schema, table] = hint.table.includes('.') ? [hint.table.slice(0, hint.table.indexOf('.')), hint.table.slice(hint.table.indexOf('.') + 1)] : ['public', hint.table];
    for (const column of hint.columns ?? []) {
      const params: unknown[] = [schema, table, column.column];
      const kwargs = ["'schemaname', $1::text", "'relname', $2::text", "'attname', $3::text", "'inherited', false"];
      for (const [field, name, type] of ARGUMENTS) {
        const value = column[field];
        if (value === undefined || value === null) continue;
        params.push(value);
        kwargs.push(`'${name}', $${params.length}::${type}`);
      }
      try {
        const row = (await client.query<{ ok: boolean }>(`SELECT pg_catalog.pg_restore_attribute_stats(${kwargs.join(', ')}) AS ok`, params)).rows[0];
        if (row?.ok) result.restored++;
        else result.failed.push(`${schema}.${table}.${column.column}: Postgres rejected part of the statistics`);
      } catch (error) {
        result.failed.push(`${schema}.${table}.${column.column}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return result;
}
