import type pg from 'pg';
import { parseSync } from '../sql/parser.js';
import { redactSecrets } from '../sql/redact-secrets.js';
import { quoteIdent } from '../sql/quote-ident.js';

/** One of production's most expensive queries, from pg_stat_statements (normalised: constants are $n). */
export interface ProductionQuery {
  query: string;
  calls: number;
  /** Calls per day since the statistics were last reset. */
  callsPerDay: number;
  meanMs: number;
  totalMs: number;
}

export interface TopQueries {
  queries: ProductionQuery[];
  /** When pg_stat_statements' statistics were last reset (the period the calls are counted over). */
  since?: string;
  /** Why there are none: the extension is not installed in this database, or cannot be read. */
  missing?: string;
}

const KINDS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * The top queries of this database by total execution time, from pg_stat_statements (a
 * statistics view: no user table is read), when the extension is installed: only plain queries
 * (SELECT, INSERT, UPDATE, DELETE, MERGE; utility statements and what does not parse are left
 * out), merged across users, secrets redacted. Read-only transaction, search_path pg_catalog.
 */
export async function listTopQueries(client: pg.Client, limit = 20): Promise<TopQueries> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query('SET LOCAL search_path = pg_catalog');
    const schema = (await client.query<{ schema: string }>(
      `SELECT n.nspname AS schema FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'`,
    )).rows[0]?.schema;
    if (!schema) return { queries: [], missing: 'the pg_stat_statements extension is not installed in this database' };
    const view = `${quoteIdent(schema)}.pg_stat_statements`;
    let rows: Array<{ query: string; calls: string; total: number; days: number | null; since: string | null }>;
    try {
      rows = (
        await client.query(
          `WITH info AS (SELECT stats_reset FROM ${quoteIdent(schema)}.pg_stat_statements_info)
           SELECT s.query, pg_catalog.sum(s.calls)::int8 AS calls, pg_catalog.sum(s.total_exec_time)::float8 AS total,
                  (SELECT EXTRACT(EPOCH FROM pg_catalog.now() - stats_reset)::float8 / 86400 FROM info) AS days,
                  (SELECT stats_reset::text FROM info) AS since
             FROM ${view} s
            WHERE s.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) AND s.toplevel
            GROUP BY s.query
            ORDER BY total DESC
            LIMIT $1`,
          [limit * 3],
        )
      ).rows;
    } catch (error) {
      return { queries: [], missing: `pg_stat_statements could not be read (${error instanceof Error ? error.message : String(error)}); is it in shared_preload_libraries?` };
    }
    const queries: ProductionQuery[] = [];
    for (const row of rows) {
      if (queries.length >= limit || !isPlainQuery(row.query)) continue;
      const calls = Number(row.calls);
      // A day at least, so a freshly reset view does not turn a burst into millions a day.
      const days = Math.max(1, row.days ?? 1);
      queries.push({ query: redactSecrets(row.query.trim()), calls, callsPerDay: Math.round(calls / days), meanMs: round(row.total / Math.max(1, calls)), totalMs: round(row.total) });
    }
    return { queries, ...(rows[0]?.since ? { since: rows[0].since } : {}) };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

function isPlainQuery(query: string): boolean {
  try {
    const stmts = (parseSync(query) as { stmts?: Array<{ stmt: Record<string, unknown> }> }).stmts ?? [];
    return stmts.length === 1 && KINDS.has(Object.keys(stmts[0]!.stmt)[0]!);
  } catch {
    return false;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
