/**
 * Postgres' table-level lock modes and the conflict table from the "Explicit Locking" chapter
 * of the manual, from which we say what a held lock blocks.
 */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: [...LOCK_MODES],
};

/**
 * What application traffic a lock holds back:
 * - `reads`: SELECT (takes AccessShareLock);
 * - `writes`: INSERT/UPDATE/DELETE (take RowExclusiveLock);
 * - `ddl`: other schema changes and maintenance that take ShareUpdateExclusiveLock
 *   (VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT) or stronger.
 */
export type BlockedOperation = 'reads' | 'writes' | 'ddl';

export function isLockMode(mode: string): mode is LockMode {
  return (LOCK_MODES as readonly string[]).includes(mode);
}

export function conflicts(held: LockMode, requested: LockMode): boolean {
  return CONFLICTS[held].includes(requested);
}

export function blockedOperations(mode: LockMode): BlockedOperation[] {
  const blocked: BlockedOperation[] = [];
  if (conflicts(mode, 'AccessShareLock')) blocked.push('reads');
  if (conflicts(mode, 'RowExclusiveLock')) blocked.push('writes');
  if (conflicts(mode, 'ShareUpdateExclusiveLock')) blocked.push('ddl');
  return blocked;
}

/** Higher is stronger; used to put the most dangerous lock first. */
export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}
