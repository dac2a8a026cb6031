import { blockedOperations, conflicts, LOCK_MODES } from '../../../src/trace/lock-modes.js';

describe('lock modes', () => {
  test.each([
    ['AccessShareLock', []],
    ['RowShareLock', []],
    ['RowExclusiveLock', []],
    ['ShareUpdateExclusiveLock', ['ddl']],
    ['ShareLock', ['writes', 'ddl']],
    ['ShareRowExclusiveLock', ['writes', 'ddl']],
    ['ExclusiveLock', ['writes', 'ddl']],
    ['AccessExclusiveLock', ['reads', 'writes', 'ddl']],
  ] as const)('%s blocks %j', (mode, blocked) => {
    expect(blockedOperations(mode)).toEqual(blocked);
  });

  test('the conflict table is symmetric, as in the manual', () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) expect([a, b, conflicts(a, b)]).toEqual([a, b, conflicts(b, a)]);
  });
});
