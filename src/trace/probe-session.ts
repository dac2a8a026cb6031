import type pg from 'pg';

export interface RelationInfo {
  oid: number;
  filenode: number;
  name: string;
  relkind: string;
}

/** What the migration's own session sees between two statements. */
export interface SessionProbe {
  lsn: bigint;
  lockTimeout: string;
  /** This transaction's id (assigned by the probe), to find catalog rows it changed. */
  xid: string;
  /**
   * The highest command id of a pg_class row this transaction wrote that the probes have seen
   * (-1: none): rows of this transaction up to it were read already.
   */
  cmin: number;
  /** Granted relation locks of this backend: oid and mode (those in `since.skipLocks` left out). */
  locks: Array<[number, string]>;
  /** Every user relation, or with `since` only those whose pg_class row changed since. */
  relations: Map<number, RelationInfo>;
  /**
   * This backend's not-yet-flushed table statistics (pg_stat_get_xact_*), by table oid, for
   * the tables it holds a lock on and those named in `countersOf`. Only differences between two
   * probes of one transaction mean something: the counters of earlier transactions stay until
   * the backend flushes them, which it does only while idle outside a transaction block.
   */
  reads: Map<number, TableCounters>;
}

/** What Postgres did to one table, as counted by its statistics (pg_stat_xact_all_tables' columns). */
export interface TableCounters {
  seqScans: number;
  /** Live rows returned by sequential scans (seq_tup_read). */
  tuplesRead: number;
  /** Scans of the table's indexes (idx_scan). */
  idxScans: number;
  /** Rows fetched by index and bitmap scans (idx_tup_fetch). */
  tuplesFetched: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/** Where the previous probe stopped, so the next reads only what changed after it. */
export interface ProbeSince {
  xid: string;
  cmin: number;
  /**
   * Relations this transaction created, whose locks are never reported (only relations that
   * existed before a transaction are): left out of the lock read, so it does not grow with
   * every table a long migration creates. An oid range, used only when no relation that
   * existed before the transaction lies within it.
   */
  skipLocks?: { from: number; to: number };
  /**
   * Which pg_class rows may have changed. `locked` (inside a transaction, and right after one):
   * those of the relations this transaction holds a lock on and of their indexes, found by oid.
   * A statement that creates, alters, renames, rewrites or drops a relation locks it until the
   * transaction ends; the indexes of a table moved by ALTER TABLE ... SET SCHEMA move unlocked,
   * hence the indexes. (GRANT writes a pg_class row without a lock, but nothing the trace follows:
   * oid, relfilenode, name, kind.) The read follows what the change touched, not the schema's
   * size. `any` (default): every row younger than the previous
   * probe, a scan of pg_class, for work whose locks are already gone (a statement run outside a
   * transaction block, a clone's first probe).
   */
  look?: 'locked' | 'any';
  /**
   * With `locked`: an oid range of relations the transaction created to re-read whole (their
   * locks were left out by `skipLocks`, so a rename of one went unseen): once, when it ends.
   */
  reread?: { from: number; to: number };
}

export interface ProbeOptions {
  /** Tables whose counters to read besides those the transaction holds a lock on. */
  countersOf?: Iterable<number>;
  /**
   * PostgreSQL 15+: asks the backend to flush its pending table statistics when it is next idle
   * outside a transaction block (pg_stat_force_next_flush), so counts of one transaction do not
   * linger into the next and no table has to be followed across transactions.
   */
  flushCounters?: boolean;
}

type ProbeKind = 'full' | 'any' | 'locked';

const NAMESPACE_FILTER = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'`;
const RELATION_COLUMNS = `c.oid::int8 AS oid, c.relfilenode::int8 AS filenode, n.nspname || '.' || c.relname AS name, c.relkind,
         CASE WHEN c.xmin = pg_catalog.pg_current_xact_id()::xid THEN c.cmin::text::int8 END AS own_cmin`;
/** Rows written after the previous probe: of later transactions (subtransactions included) by xid age, of its own by command id. */
const WRITTEN_SINCE = `pg_catalog.age(c.xmin) <= pg_catalog.age($1::xid) AND (c.xmin <> $1::xid OR c.cmin::text::int8 > $2::int8)`;

function relationsSql(kind: ProbeKind): string {
  const from = `FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`;
  if (kind === 'full') return `SELECT ${RELATION_COLUMNS} ${from} WHERE ${NAMESPACE_FILTER}`;
  if (kind === 'any') return `SELECT ${RELATION_COLUMNS} ${from} WHERE ${NAMESPACE_FILTER} AND ${WRITTEN_SINCE}`;
  // By oid through pg_class' index: the locked relations, then the range to re-read (if any).
  return `SELECT ${RELATION_COLUMNS} ${from}
   WHERE c.oid = ANY (ARRAY(SELECT h.relation FROM held h
                            UNION SELECT i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid IN (SELECT h.relation FROM held h)))
     AND ${NAMESPACE_FILTER} AND ${WRITTEN_SINCE}
  UNION ALL
  SELECT ${RELATION_COLUMNS} ${from}
   WHERE c.oid BETWEEN $6::oid AND $7::oid AND ${NAMESPACE_FILTER} AND pg_catalog.age(c.xmin) <= pg_catalog.age($1::xid)`;
}

/**
 * One round trip, in the migration's own session (the only one that sees its uncommitted
 * catalog, e.g. a rewritten table's new relfilenode). Everything is schema-qualified so the
 * probe resolves no user object; a migration can at worst mislead its own review.
 * Parameters: full: $1 tables to count; otherwise $1 xid and $2 command id of the previous
 * probe, $3–$4 the skipped lock range, $5 tables to count, and for `locked` $6–$7 the range to re-read.
 */
function probeSql(kind: ProbeKind, flushCounters: boolean): string {
  const changed = kind !== 'full';
  return `
WITH held AS MATERIALIZED (
  SELECT l.relation, l.mode FROM pg_catalog.pg_locks l
   WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
     ${changed ? 'AND NOT (l.relation::int8 BETWEEN $3::int8 AND $4::int8)' : ''}),
rel AS (${relationsSql(kind)})
SELECT pg_catalog.pg_current_wal_insert_lsn()::text AS lsn,
       pg_catalog.pg_current_xact_id()::xid::text AS xid,
       pg_catalog.current_setting('lock_timeout') AS lock_timeout,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(h.relation::int8, h.mode)) FROM held h), '[]') AS locks,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(t.oid::int8, t.seq, t.seq_read, COALESCE(t.ix[1], 0), COALESCE(t.ix[2], 0) + t.fetched, t.ins, t.upd, t.del))
                   FROM (SELECT o.oid,
                                pg_catalog.pg_stat_get_xact_numscans(o.oid) AS seq,
                                pg_catalog.pg_stat_get_xact_tuples_returned(o.oid) AS seq_read,
                                (SELECT ARRAY[pg_catalog.sum(pg_catalog.pg_stat_get_xact_numscans(i.indexrelid)),
                                              pg_catalog.sum(pg_catalog.pg_stat_get_xact_tuples_fetched(i.indexrelid))]::int8[]
                                   FROM pg_catalog.pg_index i WHERE i.indrelid = o.oid) AS ix,
                                pg_catalog.pg_stat_get_xact_tuples_fetched(o.oid) AS fetched,
                                pg_catalog.pg_stat_get_xact_tuples_inserted(o.oid) AS ins,
                                pg_catalog.pg_stat_get_xact_tuples_updated(o.oid) AS upd,
                                pg_catalog.pg_stat_get_xact_tuples_deleted(o.oid) AS del
                           FROM (SELECT h.relation AS oid FROM held h UNION SELECT pg_catalog.unnest(${changed ? '$5' : '$1'}::oid[])) o
                          WHERE o.oid >= 16384) t
                  WHERE t.seq + t.seq_read + COALESCE(t.ix[1], 0) + COALESCE(t.ix[2], 0) + t.fetched + t.ins + t.upd + t.del > 0), '[]') AS reads,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(oid, filenode, name, relkind)) FROM rel), '[]') AS relations,
       (SELECT pg_catalog.max(own_cmin) FROM rel) AS own_cmin${flushCounters ? ',\n       (SELECT pg_catalog.pg_stat_force_next_flush()) AS flush' : ''}`;
}

const probeTexts = new Map<string, string>();
function probeText(kind: ProbeKind, flushCounters: boolean): string {
  const key = `${kind}:${flushCounters}`;
  let text = probeTexts.get(key);
  if (!text) probeTexts.set(key, (text = probeSql(kind, flushCounters)));
  return text;
}

/**
 * With `since` (the previous probe), only relations whose pg_class row was written after that
 * probe: a rewrite always writes a new row version (new relfilenode), so this keeps the
 * per-statement probe small on schemas with thousands of relations and in transactions that
 * create thousands. Nothing else writes the branch's pg_class meanwhile (autovacuum is off,
 * the database is ours alone).
 */
export async function probeSession(client: pg.Client, since?: ProbeSince, options: ProbeOptions = {}): Promise<SessionProbe> {
  type Row = {
    lsn: string;
    xid: string;
    lock_timeout: string;
    locks: Array<[number, string]>;
    relations: Array<[number, number, string, string]>;
    reads: Array<[number, number, number, number, number, number, number, number]>;
    own_cmin: string | null;
  };
  const tables = [...(options.countersOf ?? [])];
  const flush = options.flushCounters ?? false;
  let result: pg.QueryResult<Row>;
  if (since === undefined) result = await client.query<Row>(probeText('full', flush), [tables]);
  else {
    const skip = [since.skipLocks?.from ?? 1, since.skipLocks?.to ?? 0];
    result =
      since.look === 'locked'
        ? await client.query<Row>(probeText('locked', flush), [since.xid, since.cmin, ...skip, tables, since.reread?.from ?? 1, since.reread?.to ?? 0])
        : await client.query<Row>(probeText('any', flush), [since.xid, since.cmin, ...skip, tables]);
  }
  const row = result.rows[0]!;
  const relations = new Map<number, RelationInfo>();
  for (const [oid, filenode, name, relkind] of row.relations) relations.set(oid, { oid, filenode, name, relkind });
  const reads = new Map<number, TableCounters>();
  for (const [oid, seqScans, tuplesRead, idxScans, tuplesFetched, inserted, updated, deleted] of row.reads) {
    reads.set(oid, { seqScans, tuplesRead, idxScans, tuplesFetched, inserted, updated, deleted });
  }
  const seen = row.own_cmin === null ? -1 : Number(row.own_cmin);
  // Same transaction as the previous probe: what it had seen stays seen.
  const cmin = since && since.xid === row.xid ? Math.max(since.cmin, seen) : seen;
  return { lsn: parseLsn(row.lsn), xid: row.xid, cmin, lockTimeout: row.lock_timeout, locks: row.locks, relations, reads };
}

/** What happened to each table between two probes of one transaction; tables with no change left out. */
export function diffCounters(before: Map<number, TableCounters>, after: Map<number, TableCounters>): Map<number, TableCounters> {
  const changed = new Map<number, TableCounters>();
  for (const [oid, now] of after) {
    const then = before.get(oid);
    const delta = Object.fromEntries(
      Object.entries(now).map(([key, value]) => [key, value - (then?.[key as keyof TableCounters] ?? 0)]),
    ) as unknown as TableCounters;
    if (Object.values(delta).some((value) => value !== 0)) changed.set(oid, delta);
  }
  return changed;
}

/** "16/B374D848" → byte position. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
