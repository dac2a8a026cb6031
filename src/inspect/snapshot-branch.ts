import type { Branch } from '../review/ports.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import { countTableRows } from './count-table-rows.js';
import { getCatalogSnapshot } from './get-catalog-snapshot.js';
import { findTablesToCount } from './find-tables-to-count.js';

/**
 * The catalog of the branch, read as the unprivileged role, and (before the migrations) the
 * row counts of the tables they destroy data of. When it cannot be read the inspections
 * are skipped, not the review.
 */
export async function snapshotBranch(branch: Branch, files: ParsedFile[]): Promise<{ catalog: CatalogSnapshot; rows: Record<string, number> }> {
  const client = await branch.connect('pg-dba-review inspect');
  try {
    const catalog = await getCatalogSnapshot(client);
    const rows = await countTableRows(client, findTablesToCount(files.flatMap((f) => f.statements)), catalog);
    return { catalog, rows };
  } finally {
    await client.end().catch(() => undefined);
  }
}
