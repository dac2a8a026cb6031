import type pg from 'pg';
import type { HeldLockMode, RelationHold } from '../review/ports.js';

/**
 * One privileged session per relation, each in an open transaction holding `LOCK TABLE ONLY
 * <relation> IN <mode> MODE`, so that a statement's request for that relation waits visibly in
 * pg_locks until the holder is released. One session per relation, because a transaction's
 * locks can only be given up all at once. The relation is named from its oid through the
 * catalog (search_path is pg_catalog on these sessions): only tables and partitioned tables,
 * never views (locking a view locks what its query reads).
 */
export async function holdRelationLocks(connect: () => Promise<pg.Client>, oids: number[], mode: HeldLockMode): Promise<RelationHold[]> {
  const holds: RelationHold[] = [];
  try {
    for (const oid of oids) holds.push(await holdOne(connect, oid, mode));
  } catch (error) {
    await Promise.all(holds.map((hold) => hold.release()));
    throw error;
  }
  return holds;
}

async function holdOne(connect: () => Promise<pg.Client>, oid: number, mode: HeldLockMode): Promise<RelationHold> {
  const client = await connect();
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid;
    await client.query('BEGIN');
    const name = (
      await client.query<{ name: string | null }>(
        `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = $1::pg_catalog.oid AND c.relkind IN ('r', 'p')`,
        [oid],
      )
    ).rows[0]?.name;
    if (name) await client.query(`LOCK TABLE ONLY ${name} IN ${mode} MODE`);
    let released: Promise<void> | undefined;
    return {
      oid,
      pid,
      release: () =>
        (released ??= (async () => {
          await client.query('ROLLBACK').catch(() => undefined);
          await client.end().catch(() => undefined);
        })()),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}
