import { ORGS_USERS } from '../../helpers/fixtures.js';
import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-concurrent-index-in-transaction', {
  bad: [
    { name: 'CREATE INDEX CONCURRENTLY inside BEGIN', base: ORGS_USERS, migrations: ['BEGIN;\nCREATE INDEX CONCURRENTLY users_n ON users (n);\nCOMMIT;'], lines: [2] },
    { name: 'DROP INDEX CONCURRENTLY inside BEGIN', base: ORGS_USERS, migrations: ['BEGIN;\nDROP INDEX CONCURRENTLY users_code_idx;\nCOMMIT;'], lines: [2] },
  ],
  good: [
    { name: 'CREATE INDEX CONCURRENTLY in a file of its own', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_n ON users (n);'], lines: [] },
    { name: 'after COMMIT, outside the block', base: ORGS_USERS, migrations: ['BEGIN;\nALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_a ON users (a);'], lines: [] },
  ],
});

describe('ban-concurrent-index-in-transaction replaces the generic failure', () => {
  const sandbox = useEmbeddedSandbox(16);
  test('migration-failed does not repeat it', async () => {
    const review = await reviewSql(sandbox(), { base: ORGS_USERS, migrations: ['BEGIN;\nCREATE INDEX CONCURRENTLY users_n ON users (n);\nCOMMIT;'] });
    expect(review.findings.map((f) => f.rule)).toEqual(['ban-concurrent-index-in-transaction']);
    expect(review.verdict).toBe('fail');
  });
});
