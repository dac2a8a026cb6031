import type pg from 'pg';

/** The server process id of a session: the handle the watchdog and lock observer use. */
export async function backendPid(client: pg.Client): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid;
}
