import { describeLockEstimate, formatEstimate, judgeAgainstBudget } from '../../../src/estimate/describe-lock-estimate.js';
import { extrapolate, type LockEstimate } from '../../../src/estimate/lock-estimate.js';

describe('extrapolate', () => {
  test.each([
    ['one size, linear: proportional', [{ rows: 100_000, ms: 760 }], 25_000_000, 'linear', 190_000],
    ['two sizes, linear: the fixed part is not scaled', [{ rows: 20_000, ms: 30 }, { rows: 100_000, ms: 110 }], 2_000_000, 'linear', 10 + 2_000_000 * 0.001],
    ['two sizes that fit flat (noise): the largest, proportionally', [{ rows: 20_000, ms: 50 }, { rows: 100_000, ms: 40 }], 1_000_000, 'linear', 400],
    ['n log n grows faster than linear', [{ rows: 100_000, ms: 100 }], 1_000_000, 'n log n', (100 * 1_000_000 * Math.log2(1_000_000)) / (100_000 * Math.log2(100_000))],
  ] as const)('%s', (_name, measurements, rows, growth, expected) => {
    expect(extrapolate([...measurements], rows, growth)).toBeCloseTo(expected, 3);
  });
});

describe('describeLockEstimate', () => {
  const estimate: LockEstimate = {
    file: 'm.sql', line: 2, table: 'public.orders', operation: 'index-build', growth: 'n log n', blocks: ['writes'], productionRows: 25_000_000,
    sandboxMs: 3, method: 'measured', measurements: [{ rows: 100_000, ms: 760 }], statementMs: 190_000, heldMs: 190_000,
  };
  const budget = { readsMs: 1000, writesMs: 5000 };

  test('over budget names the estimate, the method and the budget', () => {
    const judgement = judgeAgainstBudget(estimate, budget)!;
    expect(judgement).toEqual({ kind: 'writes', budgetMs: 5000, within: false });
    expect(describeLockEstimate(estimate, judgement)).toBe(
      'On production this blocks writes of public.orders for ≈ 3 min 10 s on 25,000,000 rows (measured 760 ms on 100,000 synthetic rows): over the lock budget of 5 s for blocking writes.',
    );
  });

  test('reads use the reads budget', () => {
    expect(judgeAgainstBudget({ ...estimate, blocks: ['reads', 'writes'], heldMs: 900 }, budget)).toEqual({ kind: 'reads', budgetMs: 1000, within: true });
  });

  test.each([
    [4.04, '4.0 ms'],
    [760, '760 ms'],
    [5000, '5 s'],
    [7600, '7.60 s'],
    [190_000, '3 min 10 s'],
    [3_900_000, '1 h 5 min'],
  ])('formatEstimate(%s) = %s', (ms, text) => {
    expect(formatEstimate(ms)).toBe(text);
  });
});
