import pg from 'pg';
import { UsageError, errorMessage } from '../shared/errors.js';
import { listColumnStats } from './list-column-stats.js';
import { listTableStats } from './list-table-stats.js';
import { listTopQueries } from './list-top-queries.js';

export type StatsFormat = 'yaml' | 'json';

/**
 * `pg-dba-review stats export`: the planner statistics of a production database, read from the
 * catalog only, as the `tables:` section of the config (yaml) or as a statistics file with
 * column statistics and, when pg_stat_statements is installed, the top queries by total time
 * (json, for `statsFile:` / `--stats`).
 */
export async function exportProductionStats(databaseUrl: string, format: StatsFormat): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'pg-dba-review stats export' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new UsageError(`connecting to the database for stats export: ${errorMessage(error)}`, { showUsage: false });
  }
  try {
    const stats = await listTableStats(client);
    if (format === 'json') {
      const columns = await listColumnStats(client);
      const tables = stats.map(({ table, rows }) => ({ table, rows, ...(columns.has(table) ? { columns: columns.get(table) } : {}) }));
      const top = await listTopQueries(client);
      const queries = top.missing ? { queriesMissing: top.missing } : { queries: top.queries, ...(top.since ? { queriesSince: top.since } : {}) };
      return `${JSON.stringify({ version: 1, tables, ...queries }, null, 2)}\n`;
    }
    const lines = stats.map(({ table, rows }) => `  ${JSON.stringify(table)}: { rows: ${Math.round(rows)} }`);
    return ['# Row estimates (pg_class.reltuples) exported by pg-dba-review stats export.', 'tables:', ...lines, ''].join('\n');
  } finally {
    await client.end().catch(() => undefined);
  }
}
