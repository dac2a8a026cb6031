import { capIndexBuildWorkers, plannedHeapWorkers } from '../../../src/estimate/get-production-parallelism.js';

describe('plannedHeapWorkers: the workers Postgres plans for a heap, before caps', () => {
  test.each([
    { pages: 1023, threshold: 1024, workers: 0 },
    { pages: 1024, threshold: 1024, workers: 1 },
    { pages: 3071, threshold: 1024, workers: 1 },
    { pages: 3072, threshold: 1024, workers: 2 },
    { pages: 9216, threshold: 1024, workers: 3 },
    { pages: 18_692, threshold: 1024, workers: 3 }, // 2,000,000 rows of the bench's items table
    { pages: 0, threshold: 0, workers: 1 },
    { pages: 935, threshold: 0, workers: 7 },
  ])('$pages pages, threshold $threshold → $workers', ({ pages, threshold, workers }) => {
    expect(plannedHeapWorkers(pages, threshold)).toBe(workers);
  });

  test('stops tripling before the threshold overflows a 32-bit int, as Postgres does', () => {
    expect(plannedHeapWorkers(Number.MAX_SAFE_INTEGER, 1)).toBe(20);
  });
});

describe('capIndexBuildWorkers: max_parallel_maintenance_workers, then 32 MB of maintenance_work_mem per participant', () => {
  test.each([
    { planned: 3, max: 2, kb: 64 * 1024, workers: 1 },
    { planned: 3, max: 2, kb: 96 * 1024, workers: 2 },
    { planned: 3, max: 8, kb: 1024 * 1024, workers: 3 },
    { planned: 3, max: 0, kb: 1024 * 1024, workers: 0 },
    { planned: 1, max: 2, kb: 63 * 1024, workers: 0 },
    { planned: 0, max: 2, kb: 1024 * 1024, workers: 0 },
  ])('planned $planned, max $max, $kb kB → $workers', ({ planned, max, kb, workers }) => {
    expect(capIndexBuildWorkers(planned, max, kb)).toBe(workers);
  });
});
