import { applyAcknowledgements } from '../../../src/report/apply-acknowledgements.js';
import { buildCheckOutcome } from '../../../src/report/build-check-outcome.js';
import { buildReview } from '../../../src/report/build-review.js';
import { fakeReview } from '../../github/helpers/fake-review.js';

const request = {
  base: [],
  migrations: [
    { path: 'db/migrations/0002_idx.sql', content: 'CREATE INDEX orders_customer_idx ON orders (customer_id);\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);' },
    { path: 'db/migrations/0003_col.sql', content: "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';" },
  ],
  queries: [],
  postgresMajor: 16 as const,
  statementLimitMs: 1000,
};

describe('the check run, rendered from the same Review as the comment', () => {
  test('failure: title, annotations, summary', () => {
    const outcome = buildCheckOutcome(fakeReview(request));
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.title).toBe('Needs changes: 1 blocking finding in 2 migrations');
    expect(outcome.annotations).toEqual([expect.objectContaining({ path: 'db/migrations/0002_idx.sql', startLine: 1, level: 'failure', title: 'require-concurrent-index' })]);
    expect(outcome.summary).toMatchSnapshot();
  });

  test('success with an acknowledged finding', () => {
    const review = applyAcknowledgements(fakeReview(request), [{ rule: 'require-concurrent-index', reason: 'orders is empty in production', by: 'alice' }]);
    const outcome = buildCheckOutcome(review);
    expect(outcome.conclusion).toBe('success');
    expect(outcome.annotations).toEqual([]);
    expect(outcome.summary).toMatchSnapshot();
  });

  test('nothing to review', () => {
    const outcome = buildCheckOutcome(buildReview({ postgresVersion: '16', migrations: [], findings: [], notEvaluated: [], explain: [] }));
    expect(outcome).toEqual({ conclusion: 'success', title: 'Nothing to review: no migration files changed', summary: '**✅ Nothing to review**: No migration files changed in this pull request.', annotations: [] });
  });

  test('could not run → neutral, with the reason', () => {
    const outcome = buildCheckOutcome(buildReview({ postgresVersion: '', migrations: [], findings: [], notEvaluated: ['table-rewrite-under-exclusive-lock'], explain: [], error: 'starting embedded PostgreSQL 16: port in use' }));
    expect(outcome.conclusion).toBe('neutral');
    expect(outcome.title).toBe('Could not run: starting embedded PostgreSQL 16: port in use');
    expect(outcome.summary).toMatchSnapshot();
  });

  test('discovery findings are added and decide the verdict like rule findings', () => {
    const review = applyAcknowledgements(fakeReview({ ...request, migrations: [request.migrations[1]!] }), [], [
      { rule: 'edited-applied-migration', severity: 'error', file: 'db/migrations/0001.sql', line: 1, message: 'edited', fix: 'new file' },
    ]);
    expect(review.verdict).toBe('fail');
    expect(review.findings.map((f) => f.rule)).toEqual(['edited-applied-migration']);
  });
});
