import type { BackendControl } from '../review/ports.js';

export interface LockSighting {
  oid: number;
  mode: string;
  firstSeenAt: number;
  lastSeenAt: number;
}

/**
 * Polls pg_locks for one backend from the control session, as fast as round trips allow,
 * while a statement that cannot run in a transaction block (e.g. CREATE INDEX CONCURRENTLY)
 * runs there. Only granted locks count: a lock it waits for is not yet held.
 */
export function watchBackendLocks(control: BackendControl, pid: number): { stop(): Promise<LockSighting[]> } {
  const sightings = new Map<string, LockSighting>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const locks = await control.listRelationLocks(pid).catch(() => []);
      const now = performance.now();
      for (const lock of locks) {
        if (!lock.granted) continue;
        const key = `${lock.oid}:${lock.mode}`;
        const seen = sightings.get(key);
        if (seen) seen.lastSeenAt = now;
        else sightings.set(key, { oid: lock.oid, mode: lock.mode, firstSeenAt: now, lastSeenAt: now });
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...sightings.values()];
    },
  };
}
