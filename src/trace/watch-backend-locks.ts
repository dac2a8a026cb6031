import type { BackendControl, RelationHold } from '../review/ports.js';

export interface LockSighting {
  oid: number;
  mode: string;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Seen while the backend waited for a helper: read where it cannot change, not by luck. */
  atWait: boolean;
}

/**
 * Watches the relation locks of one backend from the control side while a statement that
 * cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...) runs there.
 *
 * Polling alone misses short locks on a busy machine, so `holds` (helper sessions holding
 * relations the statement will ask for, taken before it starts) make it wait where it can be
 * read: each time the backend is blocked by a helper (pg_blocking_pids), its locks are read, the
 * requested one included (relation and mode, not yet granted: it is granted as soon as the
 * helper lets go), and that helper is released. A backend that waits cannot change its locks,
 * so what is read there does not depend on timing. Between waits it is polled as before.
 */
export function watchBackendLocks(control: BackendControl, pid: number, holds: RelationHold[] = []): { stop(): Promise<LockSighting[]> } {
  const sightings = new Map<string, LockSighting>();
  const released = new Set<RelationHold>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const snapshot = control.listLockWaits
        ? await control.listLockWaits(pid).catch(() => ({ locks: [], blockedBy: [] }))
        : { locks: await control.listRelationLocks(pid).catch(() => []), blockedBy: [] as number[] };
      const now = performance.now();
      const blockers = holds.filter((hold) => !released.has(hold) && snapshot.blockedBy.includes(hold.pid));
      const atWait = blockers.length > 0;
      for (const lock of snapshot.locks) {
        if (!lock.granted && !atWait) continue;
        const key = `${lock.oid}:${lock.mode}`;
        const seen = sightings.get(key);
        if (seen) {
          seen.lastSeenAt = now;
          seen.atWait ||= atWait;
        } else sightings.set(key, { oid: lock.oid, mode: lock.mode, firstSeenAt: now, lastSeenAt: now, atWait });
      }
      for (const hold of blockers) released.add(hold);
      await Promise.all(blockers.map((hold) => hold.release()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(holds.map((hold) => hold.release()));
      return [...sightings.values()];
    },
  };
}
