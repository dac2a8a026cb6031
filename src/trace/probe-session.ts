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
  /** Granted relation locks of this backend: oid and mode. */
  locks: Array<[number, string]>;
  /** Every user relation, or with `changedSince` only those whose pg_class row changed since. */
  relations: Map<number, RelationInfo>;
}

/**
 * One round trip, in the migration's own session (the only one that sees its uncommitted
 * catalog, e.g. a rewritten table's new relfilenode). Everything is schema-qualified so the
 * probe resolves no user object; a migration can at worst mislead its own review.
 */
const probeSql = (changedOnly: boolean) => `
SELECT pg_catalog.pg_current_wal_insert_lsn()::text AS lsn,
       pg_catalog.pg_current_xact_id()::xid::text AS xid,
       pg_catalog.current_setting('lock_timeout') AS lock_timeout,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(l.relation::int8, l.mode))
                   FROM pg_catalog.pg_locks l
                  WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted), '[]') AS locks,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(c.oid::int8, c.relfilenode::int8, n.nspname || '.' || c.relname, c.relkind))
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                    AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'
                    ${changedOnly ? 'AND pg_catalog.age(c.xmin) <= pg_catalog.age($1::xid)' : ''}), '[]') AS relations`;
const FULL_PROBE = probeSql(false);
const CHANGED_PROBE = probeSql(true);

/**
 * With `changedSince` (a transaction id), only relations whose pg_class row was written since
 * that transaction began: a rewrite always writes a new row version (new relfilenode), so this
 * keeps the per-statement probe small on schemas with thousands of relations. Nothing else
 * writes the branch's pg_class meanwhile (autovacuum is off, the database is ours alone).
 */
export async function probeSession(client: pg.Client, changedSince?: string): Promise<SessionProbe> {
  type Row = { lsn: string; xid: string; lock_timeout: string; locks: Array<[number, string]>; relations: Array<[number, number, string, string]> };
  const result = changedSince === undefined ? await client.query<Row>(FULL_PROBE) : await client.query<Row>(CHANGED_PROBE, [changedSince]);
  const row = result.rows[0]!;
  const relations = new Map<number, RelationInfo>();
  for (const [oid, filenode, name, relkind] of row.relations) relations.set(oid, { oid, filenode, name, relkind });
  return { lsn: parseLsn(row.lsn), xid: row.xid, lockTimeout: row.lock_timeout, locks: row.locks, relations };
}

/** "16/B374D848" → byte position. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
