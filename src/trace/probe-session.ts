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
WITH rel AS (
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
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(l.relation::int8, l.mode))
                   FROM pg_catalog.pg_locks l
                  WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
                    ${changedOnly ? 'AND NOT (l.relation::int8 BETWEEN $3::int8 AND $4::int8)' : ''}), '[]') AS locks,
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
export async function probeSession(client: pg.Client, since?: ProbeSince): Promise<SessionProbe> {
  type Row = { lsn: string; xid: string; lock_timeout: string; locks: Array<[number, string]>; relations: Array<[number, number, string, string]>; own_cmin: string | null };
  const result =
    since === undefined
      ? await client.query<Row>(FULL_PROBE)
      : await client.query<Row>(CHANGED_PROBE, [since.xid, since.cmin, since.skipLocks?.from ?? 1, since.skipLocks?.to ?? 0]);
  const row = result.rows[0]!;
  const relations = new Map<number, RelationInfo>();
  for (const [oid, filenode, name, relkind] of row.relations) relations.set(oid, { oid, filenode, name, relkind });
  const seen = row.own_cmin === null ? -1 : Number(row.own_cmin);
  // Same transaction as the previous probe: what it had seen stays seen.
  const cmin = since && since.xid === row.xid ? Math.max(since.cmin, seen) : seen;
  return { lsn: parseLsn(row.lsn), xid: row.xid, cmin, lockTimeout: row.lock_timeout, locks: row.locks, relations };
}

/** "16/B374D848" → byte position. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
