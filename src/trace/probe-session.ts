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
  /** Granted relation locks of this backend: oid and mode. */
  locks: Array<[number, string]>;
  relations: Map<number, RelationInfo>;
}

/**
 * One round trip, in the migration's own session (the only one that sees its uncommitted
 * catalog, e.g. a rewritten table's new relfilenode). Everything is schema-qualified so the
 * probe resolves no user object; a migration can at worst mislead its own review.
 */
const PROBE_SQL = `
SELECT pg_catalog.pg_current_wal_insert_lsn()::text AS lsn,
       pg_catalog.current_setting('lock_timeout') AS lock_timeout,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(l.relation::int8, l.mode))
                   FROM pg_catalog.pg_locks l
                  WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted), '[]') AS locks,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(c.oid::int8, c.relfilenode::int8, n.nspname || '.' || c.relname, c.relkind))
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                    AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'), '[]') AS relations`;

export async function probeSession(client: pg.Client): Promise<SessionProbe> {
  const row = (
    await client.query<{ lsn: string; lock_timeout: string; locks: Array<[number, string]>; relations: Array<[number, number, string, string]> }>(PROBE_SQL)
  ).rows[0]!;
  const relations = new Map<number, RelationInfo>();
  for (const [oid, filenode, name, relkind] of row.relations) relations.set(oid, { oid, filenode, name, relkind });
  return { lsn: parseLsn(row.lsn), lockTimeout: row.lock_timeout, locks: row.locks, relations };
}

/** "16/B374D848" → byte position. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
