import { diffCounters, type TableCounters } from '../../../src/trace/probe-session.js';
import { describeScan } from '../../../src/rules/helpers/walk-statements.js';

const zero: TableCounters = { seqScans: 0, tuplesRead: 0, idxScans: 0, tuplesFetched: 0, inserted: 0, updated: 0, deleted: 0 };

describe('per-statement table reads', () => {
  test('the difference of two probes, tables without change left out, a table first seen counted from zero', () => {
    const before = new Map([[1, { ...zero, seqScans: 1, tuplesRead: 100 }], [2, { ...zero, idxScans: 3 }]]);
    const after = new Map([[1, { ...zero, seqScans: 2, tuplesRead: 300, updated: 200 }], [2, { ...zero, idxScans: 3 }], [3, { ...zero, seqScans: 1 }]]);
    expect(diffCounters(before, after)).toEqual(new Map([[1, { ...zero, seqScans: 1, tuplesRead: 200, updated: 200 }], [3, { ...zero, seqScans: 1 }]]));
  });

  test('how a rule words a measured scan', () => {
    expect(describeScan({ relation: 'public.t', ...zero, seqScans: 1, tuplesRead: 20000 })).toBe('read all 20,000 rows of public.t');
    expect(describeScan({ relation: 'public.t', ...zero, seqScans: 1 })).toBe('scanned public.t (empty in the sandbox; in production the scan reads every row)');
    expect(describeScan({ relation: 'public.t', ...zero, seqScans: 2, tuplesRead: 4000 })).toBe('scanned public.t 2 times (4,000 rows read)');
  });
});
