import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';
import { transactionControl } from '../sql/plan-transactions.js';
import { lockStrength } from './lock-modes.js';
import type { TracedLock, TracedMigration, TracedStatement } from './traced-migration.js';

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

/** What the list is made from: the migrations as the sandbox ran them (a rule's context is one). */
export interface TracedChange {
  migrations: TracedMigration[];
}

/** Per input: every rule asks for the same list (given the same context), and it costs a pass over every statement. */
const listed = new WeakMap<TracedChange, StatementAt[]>();

/**
 * Every statement the sandbox ran (failed ones included), in order, with the relations the
 * review itself created before it: a table created earlier in the reviewed migrations is not
 * "existing", even when a later transaction sees it as pre-existing. Computed once per input
 * object. The rules (through rules/helpers/walk-statements.ts) and the lock-time estimates read it.
 */
export function listTracedStatements(context: TracedChange): StatementAt[] {
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

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}
