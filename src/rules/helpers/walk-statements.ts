import { qualifiedName, stringValues, unwrap } from '../../sql/node-helpers.js';
import { locksOnExisting, type StatementAt } from '../../trace/list-traced-statements.js';
import type { TableRead, TracedLock } from '../../trace/traced-migration.js';

// The walk over the traced statements lives in trace/ (the lock-time estimates read it too); rules keep importing it from here.
export { createdRelations, isString, listTracedStatements, locksOnExisting, type StatementAt } from '../../trace/list-traced-statements.js';

/** ALTER TABLE statements that ran on a table that existed before the change, with that table. */
export function listAlterTablesOnExisting(all: StatementAt[]): Array<{ at: StatementAt; table: string }> {
  return all.flatMap((at) => {
    if (at.statement.kind !== 'AlterTableStmt' || at.traced.error) return [];
    const table = qualifiedName(at.statement.node.relation);
    return table && isExisting(all, at, table) ? [{ at, table }] : [];
  });
}

/** Whether `relation` is a table (or partitioned table / matview) production already has, per the trace. */
export function isExisting(all: StatementAt[], at: StatementAt, relation: string | undefined): relation is string {
  return relation !== undefined && locksOnExisting(all, at, relation).length > 0;
}

/** Locks this statement itself took on tables that existed before (r, p, m). */
export function tableLocks(at: StatementAt): TracedLock[] {
  return at.traced.locks.filter((l) => ['r', 'p', 'm'].includes(l.relkind) && !at.createdBefore.has(l.relation));
}

/** "schema.name" from a DropStmt/RenameStmt object name list (["s","t"] or ["t"]). */
export function nameFromList(list: unknown): string | undefined {
  const items = unwrap(list, 'List')?.items ?? list;
  const parts = stringValues(items);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? `public.${parts[0]}` : parts.slice(-2).join('.');
}

export function shortName(relation: string): string {
  return relation.startsWith('public.') ? relation.slice('public.'.length) : relation;
}

/**
 * What statement `at` measurably read from `relation` (a table that existed before its
 * transaction): `{ measured: true, scan }` with the scan's counters, or `scan` undefined when
 * Postgres started no sequential scan of it; `{ measured: false }` when the statement ran where
 * counters cannot be told apart (outside a transaction block), so a rule must fall back to
 * reasoning about the statement and say the scan is inferred.
 */
export function measuredScan(at: StatementAt, relation: string): { measured: true; scan?: TableRead } | { measured: false } {
  if (!at.traced.reads) return { measured: false };
  const scan = at.traced.reads.find((r) => r.relation === relation && r.seqScans > 0);
  return scan ? { measured: true, scan } : { measured: true };
}

/** "read all 2,000 rows of public.users" (or how often, or that the sandbox had none). */
export function describeScan(scan: TableRead): string {
  const rows = formatCount(scan.tuplesRead);
  if (scan.seqScans > 1) return `scanned ${scan.relation} ${scan.seqScans} times (${rows} rows read)`;
  if (scan.tuplesRead === 0) return `scanned ${scan.relation} (empty in the sandbox; in production the scan reads every row)`;
  return `read all ${rows} rows of ${scan.relation}`;
}

/** 20000 → "20,000". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "AccessExclusiveLock (blocks reads, writes)". */
export function describeLock(lock: TracedLock): string {
  return `${lock.mode} (blocks ${lock.blocks.join(', ')})`;
}
