import { buildCheckOutcome } from '../../src/report/build-check-outcome.js';
import { buildSarif } from '../../src/report/build-sarif.js';
import { renderComment } from '../../src/report/render-comment.js';
import { ORGS_USERS } from '../helpers/fixtures.js';
import { reviewSql, useEmbeddedSandbox } from '../helpers/review-sql.js';

/**
 * Issue 11's first example: GRANT ALL to PUBLIC, RLS without a policy and a SECURITY DEFINER
 * function without search_path used to get "Safe to ship", exit 0 and a green check. The
 * comment, the check, its annotations, the JSON, SARIF and the verdict now agree on one list.
 */
describe('one judgement: every surface reads the same findings', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('the dangers are findings of named rules, and nothing says Safe to ship', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORGS_USERS,
      migrations: [
        [
          "SET lock_timeout = '2s';",
          'GRANT ALL ON users TO PUBLIC;',
          'ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;',
          'CREATE FUNCTION bump() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;',
        ].join('\n'),
      ],
    });
    const judged = review.findings.map((f) => `${f.rule}@${f.line}:${f.severity}`);
    expect(judged).toEqual(
      expect.arrayContaining(['grant-write-to-public@2:error', 'rls-enabled-without-policy@3:error', 'security-definer-without-search-path@4:error', 'security-definer-executable-by-public@4:warning']),
    );
    expect(review.verdict).toBe('fail');
    // No judgement lives in the evidence any more.
    expect((review.inspections ?? []).some((n) => 'level' in n)).toBe(false);

    const comment = renderComment(review);
    expect(comment.slice(0, comment.indexOf('### Objective'))).not.toContain('Safe to ship');
    const check = buildCheckOutcome(review);
    expect(check.conclusion).toBe('failure');
    expect(check.annotations.map((a) => `${a.title}@${a.startLine}`).sort()).toEqual(review.findings.map((f) => `${f.rule}@${f.line}`).sort());
    const sarif = buildSarif(review);
    expect(sarif.runs[0]!.results!.map((r) => `${r.ruleId}@${r.locations![0]!.physicalLocation!.region!.startLine}`).sort()).toEqual(review.findings.map((f) => `${f.rule}@${f.line}`).sort());
    // Each fact once: the grant's message appears in the findings list only.
    expect(comment.split('to PUBLIC: every role in the cluster can change its data').length - 1).toBe(1);
  });
});
