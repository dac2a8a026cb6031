import type pg from 'pg';
import type { Branch, RelationHold } from '../review/ports.js';
import { backendPid } from '../sandbox/backend-pid.js';
import { runGuardedStatement, type GuardedSession } from '../sandbox/run-guarded-statement.js';
import { lineOfCharIndex } from '../sql/line-of-offset.js';
import type { ParsedFile, ParsedStatement } from '../sql/parsed-statement.js';
import { mustRunOutsideTransaction, planTransactions, transactionControl, type TransactionMode } from '../sql/plan-transactions.js';
import { errorMessage, UsageError } from '../shared/errors.js';
import type { SessionSetting } from '../shared/session-settings.js';
import { blockedOperations, isLockMode, type LockMode } from './lock-modes.js';
import { diffCounters, probeSession, type ProbeOptions, type ProbeSince, type RelationInfo, type SessionProbe, type TableCounters } from './probe-session.js';
import type { StatementError, TableRead, TracedLock, TracedMigration, TracedStatement } from './traced-migration.js';
import { findLockTargets } from './find-lock-targets.js';
import { watchBackendLocks } from './watch-backend-locks.js';

/** Most tables held for one statement (VACUUM of a whole database): the rest are sampled. */
const MAX_HELD_TABLES = 16;

export interface TraceOptions {
  statementLimitMs: number;
  /** How much the database may grow during one statement; default 1 GiB. */
  diskGrowthLimitBytes?: number;
  /** The runner's own session settings, applied (`set_config`, session level) before each file. */
  sessionSettings?: SessionSetting[];
  /** Called after each statement has run (for progress output), with the count so far. */
  onStatement?: (done: number) => void;
  /**
   * runMigrationsUnmeasured: called before each single-transaction file commits with the
   * relations (oids) its transaction holds locks on, which are all it touched (locks are held to
   * the end of a transaction). Files in other modes are not reported.
   */
  onLockedRelations?: (oids: number[]) => void;
  /**
   * The branch is a clone of `base`, untouched since transaction `since` began: the relations
   * a first trace of that base read in full are reused, and only rows written since are read.
   */
  start?: { base: object; since: string };
}

/**
 * The relations of each base's fresh clones, as the first probe of its first trace read them:
 * every clone of a template has the template's pg_class (same oids, relfilenodes and names),
 * so later traces of the base read only what changed, not 50,000 rows on a 10,000-table base.
 */
const baseRelations = new WeakMap<object, ReadonlyMap<number, RelationInfo>>();

/**
 * The relations a trace knows: what this trace read, over the relations its base's first trace
 * read (shared, never written). A copy of the base's 60,000 relations per review cost ~7 ms on a
 * 10,000-table base, although the change touched one table.
 */
class RelationView {
  private readonly own = new Map<number, RelationInfo>();

  constructor(private readonly base: ReadonlyMap<number, RelationInfo> = new Map()) {}

  get(oid: number): RelationInfo | undefined {
    return this.own.get(oid) ?? this.base.get(oid);
  }

  has(oid: number): boolean {
    return this.own.has(oid) || this.base.has(oid);
  }

  set(oid: number, relation: RelationInfo): void {
    this.own.set(oid, relation);
  }

  *keys(): IterableIterator<number> {
    yield* this.own.keys();
    for (const oid of this.base.keys()) if (!this.own.has(oid)) yield oid;
  }
}

/** The session's last probe, with every relation known so far. */
type TraceView = Omit<SessionProbe, 'relations'> & { relations: RelationView };

async function firstProbe(client: pg.Client, start: TraceOptions['start'], options: ProbeOptions): Promise<TraceView> {
  const known = start && baseRelations.get(start.base);
  if (start && known) {
    // Nothing the trace follows changed since (size hints write planner figures, a rolled-back
    // fill writes nothing): the locks of this new session, none yet, are all there is to read,
    // not a scan of pg_class (~60,000 rows on a 10,000-table base).
    const probe = await probeSession(client, { xid: start.since, cmin: -1, look: 'locked' }, options);
    const relations = new RelationView(known);
    for (const [oid, relation] of probe.relations) relations.set(oid, relation);
    return { ...probe, relations };
  }
  const probe = await probeSession(client, undefined, options);
  // The probe's own map, never written afterwards: the view writes over it.
  if (start) baseRelations.set(start.base, probe.relations);
  return { ...probe, relations: new RelationView(probe.relations) };
}

/**
 * Runs the new migrations on the branch, statement by statement, as a migration runner would,
 * and records per statement: the locks taken on relations that existed before its transaction,
 * what they block, how long they were held, rewrites, duration and WAL. The first failing
 * migration stops the run, as it would in a deploy; the files after it are `skipped`.
 */
export function traceMigrations(branch: Branch, files: ParsedFile[], options: TraceOptions): Promise<TracedMigration[]> {
  // One full read of the catalog per review; after that each probe reads only what changed.
  let view: TraceView | undefined;
  let counters: CounterFollowing | undefined;
  let done = 0;
  const onStatement = options.onStatement && (() => options.onStatement!(++done));
  return runEachFile(branch, files, options, async (session, file, mode) => {
    counters ??= await followCounters(session.client);
    view ??= await firstProbe(session.client, options.start, { flushCounters: counters.flush });
    // The runner's settings were just applied: the first statement's lock_timeout is theirs.
    if (options.sessionSettings?.length) view = { ...view, lockTimeout: await currentLockTimeout(session.client) };
    const tracer = new FileTracer(session, file, view, counters, branch.holdRelationLocks, onStatement);
    const traced = await tracer.run(mode);
    view = tracer.view;
    return traced;
  });
}

/**
 * How the table counters of one transaction are kept apart from the next. A backend flushes
 * its pending counts only when idle outside a transaction block, at most once a second, so
 * the counts of a committed transaction linger into the next one's. On PostgreSQL 15+ each
 * probe asks for a flush at the next idle moment (pg_stat_force_next_flush): every transaction
 * starts from zero. On 14, every table counted once is read by each later probe (`counted`).
 */
interface CounterFollowing {
  flush: boolean;
  counted: Set<number>;
}

async function followCounters(client: pg.Client): Promise<CounterFollowing> {
  const result = await client.query<{ version: string }>("SELECT pg_catalog.current_setting('server_version_num') AS version");
  return { flush: Number(result.rows[0]!.version) >= 150000, counted: new Set() };
}

/**
 * Runs migrations as traceMigrations does (same session and role, same transactions, the
 * watchdog, stop at the first failure, same error lines) but measures nothing: for the rollback
 * check, which only needs to know whether the down migration applies and what catalog it
 * leaves. Without the catalog probes around every statement it costs about what the SQL costs
 * (on a 1,000-table database the probes are most of a statement's trace time).
 */
export function runMigrationsUnmeasured(branch: Branch, files: ParsedFile[], options: TraceOptions): Promise<TracedMigration[]> {
  return runEachFile(branch, files, options, async (session, file, mode) => {
    const { client } = session;
    let error: StatementError | undefined;
    try {
      // single-transaction: one block around the file; explicit: the file's own BEGIN/COMMIT,
      // sent as written; autocommit: each statement is its own transaction.
      if (mode === 'single-transaction') await client.query('BEGIN');
      for (const statement of file.statements) {
        try {
          await runGuardedStatement(session, statement.text);
        } catch (failure) {
          error = toStatementError(statement, failure);
          break;
        }
      }
      if (error) await client.query('ROLLBACK').catch(() => undefined);
      else {
        if (mode === 'single-transaction' && options.onLockedRelations) options.onLockedRelations(await transactionLocks(client));
        // A block the file left open is committed, as the trace does (outside one, COMMIT only warns).
        if (mode !== 'autocommit') await client.query('COMMIT');
      }
    } catch (failure) {
      await client.query('ROLLBACK').catch(() => undefined);
      error = { message: `the review lost its session: ${errorMessage(failure)}`, line: file.statements[0]?.line ?? 1 };
    }
    return { file, status: error ? 'failed' : 'applied', ...(error ? { error: { message: error.message, line: error.line } } : {}), transactionMode: mode, statements: [] };
  });
}

async function transactionLocks(client: pg.Client): Promise<number[]> {
  const result = await client.query<{ oids: Array<string | number> }>(
    `SELECT COALESCE(pg_catalog.array_agg(DISTINCT l.relation::int8), '{}') AS oids FROM pg_catalog.pg_locks l
      WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND l.relation >= 16384`,
  );
  return result.rows[0]!.oids.map(Number);
}

/**
 * One session as the review's role, the files in order as a deploy runs them: a file that does
 * not parse or fails stops the run, and the files after it are `skipped`.
 */
async function runEachFile(
  branch: Branch,
  files: ParsedFile[],
  options: TraceOptions,
  runFile: (session: GuardedSession, file: ParsedFile, mode: TransactionMode) => Promise<TracedMigration>,
): Promise<TracedMigration[]> {
  const client = await branch.connect('pg-dba-review migration');
  try {
    const session: GuardedSession = {
      client,
      pid: await backendPid(client),
      control: branch.control,
      limitMs: options.statementLimitMs,
      ...(options.diskGrowthLimitBytes ? { diskGrowthLimitBytes: options.diskGrowthLimitBytes } : {}),
      ...(branch.rewriteSql ? { rewrite: (text: string) => branch.rewriteSql!(text) } : {}),
    };
    const results: TracedMigration[] = [];
    let stopped = false;
    for (const file of files) {
      const mode = planTransactions(file);
      if (stopped) {
        results.push({ file, status: 'skipped', transactionMode: mode, statements: [] });
        continue;
      }
      if (file.parseError) {
        results.push({ file, status: 'failed', error: file.parseError, transactionMode: mode, statements: [] });
        stopped = true;
        continue;
      }
      await applySessionSettings(client, options.sessionSettings ?? [], file);
      const result = await runFile(session, file, mode);
      results.push(result);
      if (result.status === 'failed') stopped = true;
    }
    return results;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * What the runner does before each file: its session settings, at session level, outside any
 * transaction (so a file's own SET LOCAL/SET/RESET acts on top of them). Values go as parameters.
 * A setting Postgres refuses (unknown, superuser-only, invalid value) is the config's mistake.
 */
async function applySessionSettings(client: pg.Client, settings: SessionSetting[], file: ParsedFile): Promise<void> {
  for (const { name, value } of settings) {
    try {
      await client.query('SELECT pg_catalog.set_config($1, $2, false)', [name, value]);
    } catch (error) {
      throw new UsageError(`applying the session setting ${name} = '${value}' before ${file.path}: ${errorMessage(error)}`, { showUsage: false });
    }
  }
}

async function currentLockTimeout(client: pg.Client): Promise<string> {
  const result = await client.query<{ lock_timeout: string }>("SELECT pg_catalog.current_setting('lock_timeout') AS lock_timeout");
  return result.rows[0]!.lock_timeout;
}

/** Locks first taken in an open transaction, waiting for its end to know how long they were held. */
interface OpenTransaction {
  xid: string;
  /** Relations as they were when the transaction began: only locks on these are reported. */
  preExisting: RelationsAtBegin;
  held: Set<string>;
  pending: Array<{ lock: TracedLock; startedAt: number }>;
}

/** A transaction creating this many relations leaves their locks out of the probe (see ProbeSince.skipLocks). */
const SKIP_LOCKS_AFTER = 32;

/**
 * The relations as they were when a transaction began, read through the live view and what
 * the transaction changed since: no copy of every relation at each BEGIN (in autocommit files
 * that was a copy per statement, growing with the schema and with every statement before).
 */
class RelationsAtBegin {
  private readonly added = new Set<number>();
  private readonly originals = new Map<number, RelationInfo>();
  /** Oids of the relations created in the transaction, lowest and highest. */
  private createdRange: { from: number; to: number } | undefined;
  private sortedAtBegin: number[] | undefined;

  constructor(private readonly view: RelationView) {}

  get(oid: number): RelationInfo | undefined {
    return this.originals.get(oid) ?? (this.added.has(oid) ? undefined : this.view.get(oid));
  }

  has(oid: number): boolean {
    return this.get(oid) !== undefined;
  }

  /** Called before the view takes in a changed relation, with the version it had (none: new). */
  record(oid: number, old: RelationInfo | undefined): void {
    if (this.originals.has(oid) || this.added.has(oid)) return;
    if (old) {
      this.originals.set(oid, old);
      return;
    }
    this.added.add(oid);
    this.createdRange = { from: Math.min(oid, this.createdRange?.from ?? oid), to: Math.max(oid, this.createdRange?.to ?? oid) };
  }

  /** The oids of created relations whose locks the probe may leave out: none lies between them that existed before. */
  skipLocks(): { from: number; to: number } | undefined {
    const range = this.createdRange;
    if (!range || this.added.size < SKIP_LOCKS_AFTER) return undefined;
    // Sorted once per transaction, only for transactions that create many relations.
    this.sortedAtBegin ??= [...this.view.keys()].filter((oid) => !this.added.has(oid)).sort((a, b) => a - b);
    const sorted = this.sortedAtBegin;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]! < range.from) low = middle + 1;
      else high = middle;
    }
    return low < sorted.length && sorted[low]! <= range.to ? undefined : range;
  }
}

class FileTracer {
  private readonly statements: TracedStatement[] = [];
  private transaction: OpenTransaction | undefined;

  constructor(
    private readonly session: GuardedSession,
    private readonly file: ParsedFile,
    /** The session's last probe, its relations kept current: the next file starts from it. */
    public view: TraceView,
    private readonly counters: CounterFollowing,
    private readonly holdRelationLocks?: Branch['holdRelationLocks'],
    private readonly onStatement?: () => void,
  ) {}

  private get last(): TraceView {
    return this.view;
  }

  /**
   * Reads what changed since the last probe (by default the rows of the relations the
   * transaction holds locks on: on a large schema a full read per statement was most of the
   * trace's time), folds it into the view, and returns the previous versions of the changed
   * relations, for rewrite detection. `full` re-reads everything: after a ROLLBACK, rows the
   * view took in are gone again. `any` scans every pg_class row written since, for work done
   * outside a transaction block, whose locks are gone; `reread`: see ProbeSince.
   */
  private async advance(look: 'full' | 'any' | 'locked' = 'locked', reread?: ProbeSince['reread']): Promise<Map<number, RelationInfo>> {
    const skipLocks = this.transaction?.preExisting.skipLocks();
    const { flush, counted } = this.counters;
    const options: ProbeOptions = { flushCounters: flush, countersOf: counted };
    const since: ProbeSince = { xid: this.view.xid, cmin: this.view.cmin, look: look === 'full' ? 'any' : look, ...(skipLocks ? { skipLocks } : {}), ...(reread ? { reread } : {}) };
    const probe = await probeSession(this.session.client, look === 'full' ? undefined : since, options);
    const full = look === 'full';
    if (!flush) for (const oid of probe.reads.keys()) counted.add(oid);
    const relations = full ? new RelationView() : this.view.relations;
    const previous = new Map<number, RelationInfo>();
    for (const [oid, relation] of probe.relations) {
      const old = this.view.relations.get(oid);
      if (old) previous.set(oid, old);
      this.transaction?.preExisting.record(oid, old);
      relations.set(oid, relation);
    }
    this.view = { ...probe, relations };
    return previous;
  }

  async run(mode: ReturnType<typeof planTransactions>): Promise<TracedMigration> {
    const result = (status: TracedMigration['status'], error?: StatementError): TracedMigration => ({
      file: this.file,
      status,
      ...(error ? { error: { message: error.message, line: error.line } } : {}),
      transactionMode: mode,
      statements: this.statements,
    });
    try {
      if (mode === 'single-transaction') await this.begin('BEGIN');
      for (const statement of this.file.statements) {
        const error = await this.runStatement(statement, mode);
        this.onStatement?.();
        if (error) {
          await this.session.client.query('ROLLBACK').catch(() => undefined);
          return result('failed', error);
        }
      }
      if (this.transaction) await this.end('COMMIT');
      return result('applied');
    } catch (error) {
      await this.session.client.query('ROLLBACK').catch(() => undefined);
      return result('failed', { message: `the review lost its session: ${errorMessage(error)}`, line: this.file.statements[0]?.line ?? 1 });
    }
  }

  private async runStatement(statement: ParsedStatement, mode: string): Promise<StatementError | undefined> {
    const control = mode === 'explicit' ? transactionControl(statement) : undefined;
    if (control === 'begin' && !this.transaction) return this.record(statement, () => this.begin(statement.text));
    if ((control === 'commit' || control === 'rollback') && this.transaction) {
      return this.record(statement, () => this.end(statement.text, control === 'rollback'));
    }
    if (!this.transaction && mustRunOutsideTransaction(statement)) return this.runObserved(statement);
    if (!this.transaction) {
      // A statement outside any block is its own transaction; wrapping it says so and keeps its locks visible.
      await this.begin('BEGIN');
      const error = await this.runInTransaction(statement);
      if (!error) await this.end('COMMIT');
      return error;
    }
    return this.runInTransaction(statement);
  }

  private async begin(sql: string): Promise<void> {
    await this.session.client.query(sql);
    await this.advance();
    this.transaction = { xid: this.last.xid, preExisting: new RelationsAtBegin(this.last.relations), held: lockKeys(this.last.locks), pending: [] };
  }

  private async end(sql: string, rolledBack = false): Promise<void> {
    await this.session.client.query(sql);
    const endedAt = performance.now();
    for (const { lock, startedAt } of this.transaction?.pending ?? []) lock.heldMs = round(endedAt - startedAt);
    // The relations it created whose locks the probes left out: read once more, for renames.
    const created = this.transaction?.preExisting.skipLocks();
    this.transaction = undefined;
    await (rolledBack ? this.advance('full') : this.advance('locked', created));
  }

  /** Runs a BEGIN/COMMIT written in the file as a statement of its own, with no locks to report. */
  private async record(statement: ParsedStatement, work: () => Promise<void>): Promise<undefined> {
    const startedAt = performance.now();
    await work();
    this.statements.push(this.traced(statement, { durationMs: round(performance.now() - startedAt), inTransaction: true }));
    return undefined;
  }

  private async runInTransaction(statement: ParsedStatement): Promise<StatementError | undefined> {
    const transaction = this.transaction!;
    const before = { lsn: this.last.lsn, lockTimeout: this.last.lockTimeout, reads: this.last.reads };
    const startedAt = performance.now();
    let result: pg.QueryResult;
    try {
      result = await runGuardedStatement(this.session, statement.text);
    } catch (error) {
      return this.fail(statement, error, performance.now() - startedAt, true);
    }
    const durationMs = performance.now() - startedAt;
    // ROLLBACK TO SAVEPOINT puts back catalog rows of before the savepoint, which no newer row
    // shows: the view is read whole again, and what it undid is not a rewrite of this statement.
    const undone = transactionControl(statement) === 'rollback-to-savepoint';
    const previous = await this.advance(undone ? 'full' : 'locked');
    const after = this.last;
    const rewrites = undone ? [] : findRewrites(previous, after.relations, transaction.preExisting);

    const locks: TracedLock[] = [];
    for (const [oid, mode] of after.locks) {
      const key = `${oid}:${mode}`;
      const relation = transaction.preExisting.get(oid);
      if (!relation || transaction.held.has(key) || !isLockMode(mode)) continue;
      transaction.held.add(key);
      const lock = toTracedLock(relation, mode);
      transaction.pending.push({ lock, startedAt });
      locks.push(lock);
    }
    this.statements.push(
      this.traced(statement, {
        durationMs: round(durationMs),
        walBytes: Number(after.lsn - before.lsn),
        rewrites,
        locks,
        rows: rowsOf(result),
        reads: toTableReads(diffCounters(before.reads, after.reads), transaction.preExisting),
        inTransaction: true,
        lockTimeout: before.lockTimeout,
      }),
    );
    return undefined;
  }

  /** For statements that refuse a transaction block: a second session watches its locks. */
  private async runObserved(statement: ParsedStatement): Promise<StatementError | undefined> {
    const before = { lsn: this.last.lsn, lockTimeout: this.last.lockTimeout };
    const existing = this.last.relations;
    const holds = await this.holdTargets(statement, existing);
    const watcher = watchBackendLocks(this.session.control, this.session.pid, holds);
    const startedAt = performance.now();
    let result: pg.QueryResult | undefined;
    let failure: unknown;
    try {
      result = await runGuardedStatement(this.session, statement.text);
    } catch (error) {
      failure = error;
    }
    const durationMs = performance.now() - startedAt;
    const seen = await watcher.stop();
    // Its table counts land in this session's statistics: later probes must read them too.
    if (!this.counters.flush) for (const { oid } of seen) if (existing.get(oid)?.relkind === 'r' || existing.get(oid)?.relkind === 'm') this.counters.counted.add(oid);
    if (failure !== undefined) return this.fail(statement, failure, durationMs, false);
    // Names of the relations that existed before it, read before the view takes in the new ones.
    const locks: TracedLock[] = [];
    for (const sighting of seen) {
      const relation = existing.get(sighting.oid);
      // With helpers in place only what was read at a wait is reported: the same every run.
      if (!relation || !isLockMode(sighting.mode) || (holds.length > 0 && !sighting.atWait)) continue;
      const lock = toTracedLock(relation, sighting.mode);
      lock.heldMs = round(sighting.lastSeenAt - sighting.firstSeenAt);
      locks.push(lock);
    }
    // Its locks are gone by now: every pg_class row written since the last probe is read.
    const previous = await this.advance('any');
    this.statements.push(
      this.traced(statement, {
        durationMs: round(durationMs),
        walBytes: Number(this.last.lsn - before.lsn),
        rewrites: findRewrites(previous, this.last.relations, previous),
        locks,
        rows: rowsOf(result),
        inTransaction: false,
        observed: true,
        lockTimeout: before.lockTimeout,
      }),
    );
    return undefined;
  }

  /**
   * Helper sessions holding the pre-existing tables the statement names (an index stands for its
   * table; every table for VACUUM or REINDEX of a whole database or schema, up to
   * MAX_HELD_TABLES) in SHARE UPDATE EXCLUSIVE mode: the weakest mode these statements take on
   * their tables conflicts with it, so their first such request on each table waits where the
   * watcher reads it, while the brief AccessShareLock lookups before it (VACUUM's) pass. No
   * helpers (a provider without them, nothing to hold, a failure): sampled.
   */
  private async holdTargets(statement: ParsedStatement, existing: RelationView): Promise<RelationHold[]> {
    if (!this.holdRelationLocks) return [];
    try {
      const targets = findLockTargets(statement);
      let oids: number[];
      if (targets === 'all') oids = [...existing.keys()];
      else if (targets.names.length === 0) return [];
      else {
        const result = await this.session.client.query<{ oid: string }>(
          `SELECT COALESCE(i.indrelid, c.oid)::int8 AS oid
             FROM pg_catalog.unnest($1::text[]) AS n(name)
             JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(n.name)
             LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid`,
          [targets.names],
        );
        oids = result.rows.map((row) => Number(row.oid));
      }
      const tables = [...new Set(oids)]
        .filter((oid) => ['r', 'p'].includes(existing.get(oid)?.relkind ?? ''))
        .sort((a, b) => a - b)
        .slice(0, MAX_HELD_TABLES);
      return tables.length > 0 ? await this.holdRelationLocks(tables, 'SHARE UPDATE EXCLUSIVE') : [];
    } catch {
      return [];
    }
  }

  private fail(statement: ParsedStatement, error: unknown, durationMs: number, inTransaction: boolean): StatementError {
    const failure = toStatementError(statement, error);
    this.statements.push(
      this.traced(statement, { durationMs: round(durationMs), inTransaction, lockTimeout: this.last.lockTimeout, error: failure }),
    );
    return failure;
  }

  private traced(statement: ParsedStatement, fields: Partial<TracedStatement>): TracedStatement {
    return {
      statement,
      durationMs: 0,
      walBytes: 0,
      rewrites: [],
      locks: [],
      rows: null,
      inTransaction: false,
      observed: false,
      lockTimeout: this.last.lockTimeout,
      ...fields,
    };
  }
}

function toTracedLock(relation: RelationInfo, mode: LockMode): TracedLock {
  return { relation: relation.name, relkind: relation.relkind, mode, blocks: blockedOperations(mode), heldMs: 0 };
}

/**
 * Counter differences of one statement, kept for tables that existed before its transaction.
 * Inside a transaction block the backend flushes nothing, so the difference is this statement's.
 */
function toTableReads(changed: Map<number, TableCounters>, preExisting: Pick<Map<number, RelationInfo>, 'get'>): TableRead[] {
  const reads: TableRead[] = [];
  for (const [oid, counters] of changed) {
    const relation = preExisting.get(oid);
    if (!relation || (relation.relkind !== 'r' && relation.relkind !== 'm')) continue;
    reads.push({ relation: relation.name, ...counters });
  }
  return reads.sort((a, b) => a.relation.localeCompare(b.relation));
}

function lockKeys(locks: Array<[number, string]>): Set<string> {
  return new Set(locks.map(([oid, mode]) => `${oid}:${mode}`));
}

/**
 * Relations that existed before and whose relfilenode differs between the two views. Only the
 * relations the last probe saw change can differ: those are walked, not the whole view.
 */
function findRewrites(before: Map<number, RelationInfo>, after: Pick<RelationView, 'get'>, preExisting: { has(oid: number): boolean }): string[] {
  const rewrites: string[] = [];
  for (const [oid, then] of before) {
    const now = after.get(oid);
    if (!now || !preExisting.has(oid) || then.filenode === 0 || then.filenode === now.filenode) continue;
    rewrites.push(now.name);
  }
  return rewrites.sort();
}

function rowsOf(result: pg.QueryResult | undefined): number | null {
  if (!result || !['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'SELECT'].includes(result.command)) return null;
  return result.rowCount ?? null;
}

/** Postgres' message, with its 1-based character position turned into a line of the file. */
export function toStatementError(statement: ParsedStatement, error: unknown): StatementError {
  const pgError = error as { message?: string; position?: string; code?: string; detail?: string; hint?: string };
  const position = Number(pgError.position ?? 0);
  const line = position > 0 ? statement.line + lineOfCharIndex(statement.text, position - 1) - 1 : statement.line;
  const extra = [pgError.detail, pgError.hint && `Hint: ${pgError.hint}`].filter(Boolean).join(' ');
  return {
    message: `${errorMessage(error)}${extra ? ` (${extra})` : ''}`,
    line,
    ...(pgError.code ? { code: pgError.code } : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
