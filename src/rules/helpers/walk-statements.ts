import { qualifiedName, stringValues, unwrap } from '../../sql/node-helpers.js';
import type { ParsedStatement } from '../../sql/parsed-statement.js';
import { transactionControl } from '../../sql/plan-transactions.js';
import { lockStrength } from '../../trace/lock-modes.js';
import type { TableRead, TracedLock, TracedMigration, TracedStatement } from '../../trace/traced-migration.js';
import type { RuleContext } from '../define-rule.js';

/** One traced statement with where it stands: its migration, position and transaction. */
export interface StatementAt {
  migration: TracedMigration;
  traced: TracedStatement;
  statement: ParsedStatement;
  /** Position in migration.statements. */
  position: number;
  /** Same number = same transaction, within one migration. */
  transaction: number;
  /** Relations ("schema.name") created by the reviewed migrations before this statement. */
  createdBefore: ReadonlySet<string>;
  file: string;
  line: number;
}

/** Per context: every rule asks for the same list, and it costs a pass over every statement. */
const listed = new WeakMap<RuleContext, StatementAt[]>();

/**
 * Every statement the sandbox ran (failed ones included), in order, with the relations the
 * review itself created before it: a table created earlier in the reviewed migrations is not
 * "existing", even when a later transaction sees it as pre-existing. Computed once per context.
 */
export function listTracedStatements(context: RuleContext): StatementAt[] {
  const cached = listed.get(context);
  if (cached) return cached;
  /** Relation → index in `result` of the statement that created it (the first one). */
  const createdAt = new Map<string, number>();
  const result: StatementAt[] = [];
  for (const migration of context.migrations) {
    const transactions = numberTransactions(migration);
    /** Locks seen from `position` to the end of its transaction: proof that a relation pre-existed. */
    const lockedLaterInTransaction = (position: number, relation: string) =>
      migration.statements.some((s, i) => i >= position && transactions[i] === transactions[position] && s.locks.some((l) => l.relation === relation));
    migration.statements.forEach((traced, position) => {
      const index = result.length;
      result.push({
        migration,
        traced,
        statement: traced.statement,
        position,
        transaction: transactions[position]!,
        // A view of the relations created before this statement, not a copy per statement
        // (copies made the list quadratic in the number of statements).
        createdBefore: new CreatedBefore(createdAt, index),
        file: migration.file.path,
        line: traced.statement.line,
      });
      if (traced.error) return;
      for (const name of createdRelations(traced.statement)) {
        // CREATE ... IF NOT EXISTS of a relation production already has creates nothing: the
        // trace then shows locks on it in the same transaction, since it existed at its start.
        if (traced.statement.node.if_not_exists && lockedLaterInTransaction(position, name)) continue;
        if (!createdAt.has(name)) createdAt.set(name, index);
      }
    });
  }
  listed.set(context, result);
  return result;
}

/** The relations created by statements before index `before`, read from one shared map. */
class CreatedBefore implements ReadonlySet<string> {
  constructor(
    private readonly createdAt: ReadonlyMap<string, number>,
    private readonly before: number,
  ) {}

  has(name: string): boolean {
    const at = this.createdAt.get(name);
    return at !== undefined && at < this.before;
  }

  private *names(): IterableIterator<string> {
    for (const [name, at] of this.createdAt) if (at < this.before) yield name;
  }

  get size(): number {
    let count = 0;
    for (const _ of this.names()) count++;
    return count;
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void): void {
    for (const name of this.names()) callback(name, name, this);
  }

  keys(): SetIterator<string> {
    return this.names() as SetIterator<string>;
  }

  values(): SetIterator<string> {
    return this.names() as SetIterator<string>;
  }

  *entries(): SetIterator<[string, string]> {
    for (const name of this.names()) yield [name, name];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.names() as SetIterator<string>;
  }
}

/** ALTER TABLE statements that ran on a table that existed before the change, with that table. */
export function listAlterTablesOnExisting(all: StatementAt[]): Array<{ at: StatementAt; table: string }> {
  return all.flatMap((at) => {
    if (at.statement.kind !== 'AlterTableStmt' || at.traced.error) return [];
    const table = qualifiedName(at.statement.node.relation);
    return table && isExisting(all, at, table) ? [{ at, table }] : [];
  });
}

/** Transaction number of each statement, following how the runner ran the file. */
function numberTransactions(migration: TracedMigration): number[] {
  if (migration.transactionMode === 'single-transaction') return migration.statements.map(() => 0);
  let current = 0;
  let inBlock = false;
  return migration.statements.map((traced) => {
    const control = transactionControl(traced.statement);
    if (control === 'begin') {
      current += 1;
      inBlock = true;
      return current;
    }
    if (control === 'commit' || control === 'rollback') {
      inBlock = false;
      return current;
    }
    if (inBlock) return current;
    current += 1;
    return current;
  });
}

/** Relations a statement creates, by name. */
export function createdRelations(statement: ParsedStatement): string[] {
  const n = statement.node;
  switch (statement.kind) {
    case 'CreateStmt':
    case 'CreateSeqStmt':
      return [qualifiedName(n.relation)].filter(isString);
    case 'CreateTableAsStmt':
      return [qualifiedName(unwrap(n.into, 'IntoClause')?.rel ?? (n.into as Record<string, unknown> | undefined)?.rel)].filter(isString);
    case 'ViewStmt':
      return [qualifiedName(n.view)].filter(isString);
    case 'IndexStmt': {
      const table = qualifiedName(n.relation);
      return table && typeof n.idxname === 'string' ? [`${table.split('.')[0]}.${n.idxname}`] : [];
    }
    default:
      return [];
  }
}

/**
 * Locks the migration holds on `relation` by the end of statement `at`, within its transaction
 * (the trace records a lock once, on the statement that first took it). Only relations that
 * existed before the transaction appear in the trace, and ones created earlier in the review
 * are left out: a lock found here is a lock on a table production already has.
 */
export function locksOnExisting(all: StatementAt[], at: StatementAt, relation: string): TracedLock[] {
  if (at.createdBefore.has(relation)) return [];
  return (locksByTransaction(all).get(transactionKey(at))?.get(relation) ?? [])
    .filter((entry) => entry.position <= at.position)
    .map((entry) => entry.lock)
    .sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode));
}

/** Per list: transaction → relation → the locks taken on it, in order. Built once, so a lookup costs what it finds. */
const lockIndexes = new WeakMap<StatementAt[], Map<string, Map<string, Array<{ position: number; lock: TracedLock }>>>>();
const migrationIds = new WeakMap<TracedMigration, number>();
let nextMigrationId = 0;

function transactionKey(at: StatementAt): string {
  let id = migrationIds.get(at.migration);
  if (id === undefined) migrationIds.set(at.migration, (id = nextMigrationId++));
  return `${id}:${at.transaction}`;
}

function locksByTransaction(all: StatementAt[]): Map<string, Map<string, Array<{ position: number; lock: TracedLock }>>> {
  let index = lockIndexes.get(all);
  if (index) return index;
  index = new Map();
  for (const s of all) {
    const key = transactionKey(s);
    let relations = index.get(key);
    if (!relations) index.set(key, (relations = new Map()));
    for (const lock of s.traced.locks) {
      const entries = relations.get(lock.relation);
      if (entries) entries.push({ position: s.position, lock });
      else relations.set(lock.relation, [{ position: s.position, lock }]);
    }
  }
  lockIndexes.set(all, index);
  return index;
}

/** Whether `relation` is a table (or partitioned table / matview) production already has, per the trace. */
export function isExisting(all: StatementAt[], at: StatementAt, relation: string | undefined): relation is string {
  return relation !== undefined && locksOnExisting(all, at, relation).length > 0;
}

/** Locks this statement itself took on tables that existed before (r, p, m). */
export function tableLocks(at: StatementAt): TracedLock[] {
  return at.traced.locks.filter((l) => ['r', 'p', 'm'].includes(l.relkind) && !at.createdBefore.has(l.relation));
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
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
