import type { BaseState, Branch } from '../review/ports.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import { countTableRows } from './count-table-rows.js';
import { getCatalogSnapshot } from './get-catalog-snapshot.js';
import { findTablesToCount } from './find-tables-to-count.js';
import { currentTransactionId } from './snapshot-changes.js';

/**
 * Catalogs of fresh branches, per base state: every clone of a template has the template's
 * catalog byte for byte (same objects, OIDs, sizes, grants; owners are shown as "the migration
 * role" for every review role), so it is read once per base, not once per review. Keyed by the
 * BaseState object, which the sandbox replaces when a template is rebuilt.
 */
const baseCatalogs = new WeakMap<BaseState, Promise<CatalogSnapshot>>();

/**
 * The catalog of the branch, read as the unprivileged role, and (before the migrations) the
 * row counts of the tables they destroy data of. When it cannot be read the inspections
 * are skipped, not the review. With `freshFrom`, the branch is untouched since it was cloned
 * from that base, and the catalog read by an earlier review of the same base is reused.
 */
export async function snapshotBranch(
  branch: Branch,
  files: ParsedFile[],
  freshFrom?: BaseState,
): Promise<{ catalog: CatalogSnapshot; rows: Record<string, number>; since: string }> {
  const client = await branch.connect('pg-dba-review inspect');
  try {
    // Catalog rows written after this transaction are the migrations' (see snapshotChanges).
    const since = await currentTransactionId(client);
    const catalog = freshFrom ? await baseCatalog(freshFrom, () => getCatalogSnapshot(client)) : await getCatalogSnapshot(client);
    const rows = await countTableRows(client, findTablesToCount(files.flatMap((f) => f.statements)), catalog);
    return { catalog, rows, since };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function baseCatalog(base: BaseState, read: () => Promise<CatalogSnapshot>): Promise<CatalogSnapshot> {
  const cached = baseCatalogs.get(base);
  if (cached) {
    // Another review's read failed (its branch went away...): read this branch instead.
    const catalog = await cached.catch(() => undefined);
    if (catalog) return catalog;
  }
  const reading = read();
  baseCatalogs.set(base, reading);
  reading.catch(() => {
    if (baseCatalogs.get(base) === reading) baseCatalogs.delete(base);
  });
  return reading;
}
