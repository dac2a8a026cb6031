import type pg from 'pg';

export interface TableStats {
  /** "schema.name". */
  table: string;
  /** The planner's row estimate (pg_class.reltuples), as production's ANALYZE left it. */
  rows: number;
  /** pg_total_relation_size, for the record. */
  bytes: number;
}

/**
 * Row estimates of every user table of a (production) database, read from the catalog only:
 * no user table is scanned, no user function or view is resolved (search_path pg_catalog,
 * read-only transaction). Tables never analyzed (reltuples < 0) are left out.
 */
export async function listTableStats(client: pg.Client): Promise<TableStats[]> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query('SET LOCAL search_path = pg_catalog');
    const { rows } = await client.query<{ table: string; rows: string; bytes: string }>(`
      SELECT n.nspname || '.' || c.relname AS table, c.reltuples::int8 AS rows, pg_catalog.pg_total_relation_size(c.oid)::int8 AS bytes
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0
         AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       ORDER BY 1`);
    return rows.map((r) => ({ table: r.table, rows: Number(r.rows), bytes: Number(r.bytes) }));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}
