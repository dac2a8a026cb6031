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
}

/**
 * One round trip, in the migration's own session (the only one that sees its uncommitted
 * catalog, e.g. a rewritten table's new relfilenode). Everything is schema-qualified so the
 * probe resolves no user object; a migration can at worst mislead its own review.
 * With `changedOnly`, pg_class rows written before the previous probe are left out: rows of
 * older transactions by xid age, rows of the previous probe's transaction by command id
 * (without it, every probe of a long transaction re-read every relation it had created).
 */
const probeSql = (changedOnly: boolean) => `
WITH held AS MATERIALIZED (
  SELECT l.relation, l.mode FROM pg_catalog.pg_locks l
   WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
     ${changedOnly ? 'AND NOT (l.relation::int8 BETWEEN $3::int8 AND $4::int8)' : ''}),
rel AS (
  SELECT c.oid::int8 AS oid, c.relfilenode::int8 AS filenode, n.nspname || '.' || c.relname AS name, c.relkind,
         CASE WHEN c.xmin = pg_catalog.pg_current_xact_id()::xid THEN c.cmin::text::int8 END AS own_cmin
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'
     ${changedOnly ? "AND pg_catalog.age(c.xmin) <= pg_catalog.age($1::xid) AND (c.xmin <> $1::xid OR c.cmin::text::int8 > $2::int8)" : ''}
)
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
                           FROM (SELECT h.relation AS oid FROM held h UNION SELECT pg_catalog.unnest(${changedOnly ? '$5' : '$1'}::oid[])) o
                          WHERE o.oid >= 16384) t
                  WHERE t.seq + t.seq_read + COALESCE(t.ix[1], 0) + COALESCE(t.ix[2], 0) + t.fetched + t.ins + t.upd + t.del > 0), '[]') AS reads,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(oid, filenode, name, relkind)) FROM rel), '[]') AS relations,
       (SELECT pg_catalog.max(own_cmin) FROM rel) AS own_cmin`;
const FULL_PROBE = probeSql(false);
const CHANGED_PROBE = probeSql(true);

/**
 * With `since` (the previous probe), only relations whose pg_class row was written after that
 * probe: a rewrite always writes a new row version (new relfilenode), so this keeps the
 * per-statement probe small on schemas with thousands of relations and in transactions that
 * create thousands. Nothing else writes the branch's pg_class meanwhile (autovacuum is off,
 * the database is ours alone).
 */
export async function probeSession(client: pg.Client, since?: ProbeSince, countersOf: Iterable<number> = []): Promise<SessionProbe> {
  type Row = {
    lsn: string;
    xid: string;
    lock_timeout: string;
    locks: Array<[number, string]>;
    relations: Array<[number, number, string, string]>;
    reads: Array<[number, number, number, number, number, number, number, number]>;
    own_cmin: string | null;
  };
  const tables = [...countersOf];
  const result =
    since === undefined
      ? await client.query<Row>(FULL_PROBE, [tables])
      : await client.query<Row>(CHANGED_PROBE, [since.xid, since.cmin, since.skipLocks?.from ?? 1, since.skipLocks?.to ?? 0, tables]);
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
