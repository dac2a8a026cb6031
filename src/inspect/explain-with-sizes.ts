import type pg from 'pg';
import { fillTables, type FillOutcome } from '../estimate/fill-tables.js';
import type { Branch, TableStatsHint } from '../review/ports.js';
import { quoteQualified } from '../sql/quote-ident.js';
import { applySizeHints, type SizeHints } from './apply-size-hints.js';
import { explainQueries, type PlanOrError } from './explain-queries.js';

export interface PlannedWithSizes {
  plans: PlanOrError[];
  sizes: SizeHints & {
    /** Hinted tables that were empty in the sandbox and got a few pages of synthetic rows for the planner (rolled back). */
    filled: FillOutcome[];
  };
}

/** Rows given to an empty hinted table: a few pages, enough for the planner to scale from. */
const PLANNER_ROWS = 200;

/**
 * EXPLAINs the queries with production's sizes. The planner scales a row count by the table's
 * real page count, so a hint on a table the base history left empty would plan as empty: such
 * tables get a few pages of synthetic rows first (fillTables: no user trigger fires, no DEFAULT
 * runs) inside a transaction of the unprivileged session, the hints are applied, the queries are
 * explained in that transaction, and it is rolled back; a VACUUM then gives the empty pages back,
 * so the trace that follows sees the table as the base history left it.
 */
export async function explainWithSizes(branch: Branch, queries: string[], hints: TableStatsHint[], major: number): Promise<PlannedWithSizes> {
  if (queries.length === 0) return { plans: [], sizes: { tables: [], filled: [] } };
  const client = await branch.connect('pg-dba-review explain');
  try {
    if (hints.length === 0 || !branch.applyTableStats) return { plans: await explainQueries(client, queries, major), sizes: { tables: [], filled: [] } };
    await client.query('BEGIN');
    let filled: FillOutcome[] = [];
    let plans: PlanOrError[];
    let sizes: SizeHints;
    try {
      const empty = await listEmptyTables(client, hints.map((h) => h.table));
      filled = await fillTables(client, empty.map((table) => ({ table, rows: PLANNER_ROWS })), { stats: hints, parentRows: PLANNER_ROWS });
      sizes = await applySizeHints(branch, client, hints, major);
      plans = await explainQueries(client, queries, major, true);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
    for (const table of new Set(filled.flatMap((f) => (f.added > 0 ? [f.table, ...f.parents] : [])))) {
      await client.query(`VACUUM ${quoteQualified(table)}`).catch(() => undefined);
    }
    return { plans, sizes: { ...sizes, filled } };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The named plain tables whose data files have no page (what the planner cannot scale). */
async function listEmptyTables(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ table: string }>(
    `SELECT n.nspname || '.' || c.relname AS table
       FROM pg_catalog.unnest($1::text[]) AS t(name)
       JOIN pg_catalog.pg_namespace n ON n.nspname = CASE WHEN pg_catalog.strpos(t.name, '.') > 0 THEN pg_catalog.split_part(t.name, '.', 1) ELSE 'public' END
       JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = CASE WHEN pg_catalog.strpos(t.name, '.') > 0 THEN pg_catalog.substr(t.name, pg_catalog.strpos(t.name, '.') + 1) ELSE t.name END
      WHERE c.relkind = 'r' AND pg_catalog.pg_relation_size(c.oid) = 0`,
    [tables],
  );
  return rows.map((r) => r.table);
}
