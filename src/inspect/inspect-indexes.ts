import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import { restrictToRelations, touchedSince, type IndexSnapshot } from './catalog-snapshot.js';
import { findChangedRelations } from './find-changed-relations.js';
import type { InspectionInput, InspectionNote } from './inspection.js';
import { formatSize } from './format-size.js';
import { locateForeignKeyStatement, locateIndexStatement, locateRelation } from './locate-relation.js';
import { markBaseOrigin } from './mark-base-origin.js';
import { groupBy } from '../shared/group-by.js';

/**
 * Indexing Strategy, from the catalog after the migrations (splinter 0001/0009, eugene E15):
 * foreign keys of changed tables without an index that starts with their columns, duplicate
 * and redundant indexes involving a new index, INVALID indexes, and for each new index its
 * size and the configured queries whose plan uses it.
 */
export function inspectIndexes(input: InspectionInput): InspectionNote[] {
  const changed = findChangedRelations(input.before, input.after);
  // Every note here is about an index or a key of a changed table: when the catalog after was
  // derived from the one before, only the relations read again are walked, not the schema.
  const touched = touchedSince(input.after, input.before);
  const before = touched ? restrictToRelations(input.before, touched) : input.before;
  const after = touched ? restrictToRelations(input.after, touched) : input.after;
  const notes: InspectionNote[] = [];
  const existed = new Set(before.indexes.map((i) => i.name));
  const wasInvalid = new Set(before.indexes.filter((i) => !i.valid).map((i) => i.name));
  const isNew = (index: IndexSnapshot) => !existed.has(index.name);
  const where = (table: string, kinds?: string[]) => locateRelation(input.migrations, table, kinds) ?? {};
  const whereIndex = (index: IndexSnapshot) =>
    locateIndexStatement(input.migrations, index.relname) ?? where(index.table, ['IndexStmt']);
  // Looked up by table, not scanned per foreign key or per new index (quadratic in new tables).
  const indexesByTable = groupBy(after.indexes, (item) => item.table);
  const relationsByName = new Map(after.relations.map((r) => [r.name, r]));

  const existingKeys = new Set(before.constraints.map((c) => `${c.table}.${c.name}`));
  for (const fk of after.constraints.filter((c) => c.type === 'f' && changed.has(c.table))) {
    const covered = (indexesByTable.get(fk.table) ?? []).some((i) => i.valid && !i.partial && startsWithColumns(i, fk.columns));
    if (covered) continue;
    const table = relationsByName.get(fk.table);
    const indexName = `${table?.relname ?? 'table'}_${fk.columns.join('_')}_idx`.slice(0, 63);
    const existing = existingKeys.has(`${fk.table}.${fk.name}`);
    // An existing key that had an index the change dropped is the change's doing.
    const wasCovered = before.indexes.some((i) => i.table === fk.table && i.valid && !i.partial && startsWithColumns(i, fk.columns));
    const note: InspectionNote = {
      kind: 'fk-without-index',
      section: 'indexing',
      object: `${fk.table}.${fk.name}`,
      message: `${existing ? 'Existing foreign' : 'Foreign'} key ${fk.name} on ${fk.table} (${fk.columns.join(', ')}) has no index starting with its columns: every DELETE or key UPDATE on ${fk.references} scans ${fk.table}, and joins on it cannot use an index.`,
      sql: `CREATE INDEX CONCURRENTLY ${quoteIdent(indexName)} ON ${quoteQualified(fk.table)} (${fk.columns.map(quoteIdent).join(', ')});`,
      ...(locateForeignKeyStatement(input.migrations, fk.table.slice(fk.table.indexOf('.') + 1)) ?? {}),
    };
    notes.push(existing && !wasCovered ? markBaseOrigin(note) : note);
  }

  for (const index of after.indexes) {
    if (!index.valid && !wasInvalid.has(index.name)) {
      notes.push({
        kind: 'invalid-index',
        section: 'indexing',
        object: index.name,
        message: `Index ${index.name} is INVALID (a failed or interrupted CREATE INDEX CONCURRENTLY): it is maintained on every write but never used. Drop it and build it again.`,
        sql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(index.name)};`,
        ...whereIndex(index),
      });
    }
  }

  const seen = new Set<string>();
  for (const index of after.indexes.filter(isNew)) {
    for (const other of indexesByTable.get(index.table) ?? []) {
      if (other === index) continue;
      const pair = [index.name, other.name].sort().join('|');
      if (seen.has(pair)) continue;
      if (other.signature === index.signature) {
        seen.add(pair);
        notes.push({
          kind: 'duplicate-index',
          section: 'indexing',
          object: index.name,
          message: `Index ${index.name} duplicates ${other.name} (same definition): it doubles the write cost and disk for no read benefit.`,
          sql: `DROP INDEX CONCURRENTLY ${quoteQualified(index.name)};`,
          ...whereIndex(index),
        });
      } else if (isRedundant(index, other) || isRedundant(other, index)) {
        seen.add(pair);
        const [narrow, wide] = isRedundant(index, other) ? [index, other] : [other, index];
        notes.push({
          kind: 'redundant-index',
          section: 'indexing',
          object: narrow.name,
          message:
            narrow.columns.length === wide.columns.length
              ? `Index ${narrow.name} (${narrow.columns.join(', ')}) repeats the columns of the unique index ${wide.name}: every query it serves can use that one, so it only adds write cost.`
              : `Index ${narrow.name} (${narrow.columns.join(', ')}) is a prefix of ${wide.name} (${wide.columns.join(', ')}): queries on its columns can use the wider index, so one of them may be unnecessary.`,
          ...whereIndex(index),
        });
      }
    }
  }

  const tableBytes = new Map(before.relations.map((r) => [r.name, r.bytes]));
  for (const index of after.indexes.filter((i) => isNew(i) && !i.primary)) {
    const users = input.queries
      .map((q, i) => ({ number: i + 1, query: q.query, uses: q.after?.indexes?.includes(index.relname) ?? false }))
      .filter((q) => q.uses);
    const tableBefore = tableBytes.get(index.table);
    const production = input.productionRows?.[index.table];
    const usage =
      input.queries.length === 0
        ? 'No queries are configured to check whether the planner uses it.'
        : users.length > 0
          ? `Used by ${users.map((u) => `query ${u.number}`).join(', ')} of the configured queries.`
          : 'None of the configured queries uses it: check that the application needs it.';
    notes.push({
      kind: 'new-index',
      section: 'indexing',
      object: index.name,
      message: `New index ${index.name} on ${index.table}${tableBefore === undefined ? ' (a new table)' : ` (table was ${formatSize(tableBefore)} in the sandbox${production === undefined ? '' : `, about ${production} rows in production`})`}, ${formatSize(index.bytes)}. ${usage}`,
      bytes: index.bytes,
      ...whereIndex(index),
    });
  }
  return notes;
}


/** The index's leading key columns are exactly the given ones, in any order. */
function startsWithColumns(index: IndexSnapshot, columns: string[]): boolean {
  const leading = index.columns.slice(0, columns.length);
  return leading.length === columns.length && columns.every((c) => leading.includes(c));
}

/**
 * A plain btree whose key columns are a strict prefix of another btree's on the same table,
 * or the same columns as a unique one (an index on a primary key's column, say).
 */
function isRedundant(narrow: IndexSnapshot, wide: IndexSnapshot): boolean {
  if (narrow.method !== 'btree' || wide.method !== 'btree' || narrow.unique || narrow.partial || wide.partial) return false;
  if (narrow.columns.includes(null) || narrow.columns.length > wide.columns.length) return false;
  if (narrow.columns.length === wide.columns.length && !wide.unique) return false;
  return narrow.columns.every((c, i) => wide.columns[i] === c);
}
