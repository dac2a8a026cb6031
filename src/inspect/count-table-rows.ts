import type pg from 'pg';
import { quoteQualified } from '../sql/quote-ident.js';
import { relationNamed, type CatalogSnapshot } from './catalog-snapshot.js';

/** A count that takes longer than this is left out rather than slowing the review. */
const COUNT_TIMEOUT = '10s';

/**
 * Counts the rows of the given tables ("schema.name") on the branch, before the migrations
 * destroy them, in the unprivileged role's session. Only plain and partitioned tables and
 * materialized views that the snapshot knows are counted; a failed count is left out.
 */
export async function countTableRows(client: pg.Client, tables: string[], snapshot: CatalogSnapshot): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const relation = relationNamed(snapshot, table);
    if (!relation || !['r', 'p', 'm'].includes(relation.kind)) continue;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = '${COUNT_TIMEOUT}'`);
      const result = await client.query<{ count: string }>(`SELECT pg_catalog.count(*) AS count FROM ${quoteQualified(table)}`);
      counts[table] = Number(result.rows[0]!.count);
    } catch {
      // A table the role cannot read, or a count over the time limit: report without it.
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  }
  return counts;
}
