import { isDestructive } from '../sql/classify-statement.js';
import { quoteQualified } from '../sql/quote-ident.js';
import { relationNamed, restrictToRelations, touchedSince } from './catalog-snapshot.js';
import { findChangedRelations } from './find-changed-relations.js';
import { findDestroyedData } from './find-destroyed-data.js';
import { formatSize } from './format-size.js';
import type { InspectionInput, InspectionNote } from './inspection.js';
import { locateRelation } from './locate-relation.js';
import { markBaseOrigin } from './mark-base-origin.js';

/**
 * Backup & HA: data a statement destroys, with the rows it held in the sandbox before the
 * migrations; a restore point to take; WAL written per migration and what it means for
 * replicas and archives; rewrites that need a second copy of the table on disk; UNLOGGED
 * tables, which replicas and physical backups do not have.
 */
export function inspectBackup(input: InspectionInput): InspectionNote[] {
  const notes: InspectionNote[] = [];
  // Looked up in the base's catalog (indexed once per snapshot), not copied per review.
  const sizeBefore = { get: (name: string) => relationNamed(input.before, name)?.bytes };
  // Disk for a second copy is a question about tables and materialized views, not their sequences.
  const storedTables = { has: (name: string) => ['r', 'm'].includes(relationNamed(input.before, name)?.kind ?? '') };
  const production = (table: string) => {
    const rows = input.productionRows?.[table];
    return rows === undefined ? '' : `; about ${rows} rows in production`;
  };
  let destructive = 0;

  for (const migration of input.migrations) {
    for (const statement of migration.file.statements) {
      if (!isDestructive(statement)) continue;
      destructive++;
      for (const { table, what } of findDestroyedData(statement)) {
        const held = input.rowsBefore[table];
        if (held === undefined) continue;
        // A DELETE with WHERE removes what it matched: the trace counted those rows.
        const filtered = statement.kind === 'DeleteStmt' && statement.node.whereClause !== undefined;
        const matched = filtered ? migration.statements.find((t) => t.statement === statement)?.rows : undefined;
        if (filtered && (matched === undefined || matched === null)) continue;
        const rows = filtered ? matched! : held;
        const bytes = sizeBefore.get(table);
        notes.push({
          kind: 'data-destroyed',
          section: 'backup',
          object: table,
          message: filtered
            ? `Deletes ${rows} of the ${held} ${held === 1 ? 'row' : 'rows'} ${table} held in the sandbox before the migrations${production(table)}. Keep a copy of what it removes first, e.g. CREATE TABLE ... AS SELECT the same rows.`
            : `${what} ${table}, which held ${rows} ${rows === 1 ? 'row' : 'rows'}${bytes !== undefined ? ` (${formatSize(bytes)})` : ''} in the sandbox before the migrations${production(table)}. Keep a copy of what it removes first, e.g. pg_dump --table=${table} --data-only.`,
          rows,
          ...(bytes !== undefined && !filtered ? { bytes } : {}),
          file: migration.file.path,
          line: statement.line,
        });
      }
    }
  }
  if (destructive > 0) {
    notes.push({
      kind: 'restore-point',
      section: 'backup',
      object: 'cluster',
      message: `${destructive} ${destructive === 1 ? 'statement destroys' : 'statements destroy'} data that no down migration can bring back: make sure point-in-time recovery covers the deploy and name a restore point just before it.`,
      sql: "SELECT pg_create_restore_point('before-migration');",
    });
  }

  for (const migration of input.migrations) {
    const wal = migration.statements.reduce((sum, s) => sum + s.walBytes, 0);
    if (wal === 0) continue;
    const heavy = migration.statements.filter((s) => s.rewrites.length > 0 || s.statement.kind === 'IndexStmt').length;
    notes.push({
      kind: 'wal-volume',
      section: 'backup',
      object: migration.file.path,
      message: `${migration.file.path} wrote ${formatSize(wal)} of WAL in the sandbox. Every replica receives and replays it and the WAL archive grows by as much${heavy > 0 ? `; ${heavy} ${heavy === 1 ? 'statement rewrites or builds' : 'statements rewrite or build'} whole relations, which on production writes about their full size in WAL: watch replica lag and archive disk during the deploy` : ''}.`,
      bytes: wal,
    });
  }

  for (const migration of input.migrations) {
    for (const traced of migration.statements) {
      for (const relation of traced.rewrites) {
        const bytes = sizeBefore.get(relation);
        if (bytes === undefined || !storedTables.has(relation)) continue;
        notes.push({
          kind: 'rewrite-needs-free-disk',
          section: 'backup',
          object: relation,
          message: `Rewriting ${relation} keeps the old and the new copy (with its indexes) on disk until the transaction ends: production needs free disk of about its current size (${formatSize(bytes)} in the sandbox${production(relation)}) and writes as much WAL.`,
          bytes,
          file: migration.file.path,
          line: traced.statement.line,
        });
      }
    }
  }

  const changed = findChangedRelations(input.before, input.after);
  // Only changed relations matter: when the catalog after was derived from the one before, only those read again are walked.
  const touched = touchedSince(input.after, input.before);
  const candidates = touched ? restrictToRelations(input.after, touched).relations : input.after.relations;
  for (const relation of candidates.filter((r) => r.persistence === 'u' && (r.kind === 'r' || r.kind === 'p') && changed.has(r.name))) {
    const wasUnlogged = relationNamed(input.before, relation.name)?.persistence === 'u';
    const note: InspectionNote = {
      kind: 'unlogged-table',
      section: 'backup',
      object: relation.name,
      message: `${relation.name} is UNLOGGED: it is not replicated (empty on every standby and after a failover), not in physical backups, and truncated after a crash. Use it only for data you can rebuild.`,
      sql: `ALTER TABLE ${quoteQualified(relation.name)} SET LOGGED;`,
      ...(locateRelation(input.migrations, relation.name, ['CreateStmt', 'AlterTableStmt']) ?? {}),
    };
    notes.push(wasUnlogged ? markBaseOrigin(note) : note);
  }
  return notes;
}
