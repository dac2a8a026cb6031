import { reviewSql, useEmbeddedSandbox, type SqlCase } from './review-sql.js';

export interface RuleCase extends SqlCase {
  /** What the case shows; becomes the test name. */
  name: string;
  /** Expected findings of this rule: the line of each, in file order ([] for a good case). */
  lines: number[];
}

/**
 * Table-driven rule test through the real engine, in the spirit of ESLint's RuleTester:
 * each case is run on a real Postgres and only the named rule's findings are compared.
 */
export function describeRule(rule: string, cases: { bad: RuleCase[]; good: RuleCase[] }): void {
  describe(rule, () => {
    const sandbox = useEmbeddedSandbox(16);
    test.each([...cases.bad, ...cases.good].map((c) => [c.name, c] as const))('%s', async (_name, sqlCase) => {
      const review = await reviewSql(sandbox(), sqlCase);
      expect(review.verdict).not.toBe('error');
      const lines = review.findings.filter((f) => f.rule === rule).map((f) => f.line);
      expect(lines).toEqual(sqlCase.lines);
    });
    test('has at least one bad and one good case', () => {
      expect(cases.bad.length).toBeGreaterThan(0);
      expect(cases.good.length).toBeGreaterThan(0);
      expect(cases.bad.every((c) => c.lines.length > 0)).toBe(true);
      expect(cases.good.every((c) => c.lines.length === 0)).toBe(true);
    });
  });
}
