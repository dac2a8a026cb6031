import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';
import { describeRule } from '../../helpers/rule-cases.js';

const DUPLICATES = 'CREATE TABLE users (id bigint, email text);\nINSERT INTO users VALUES (1, \'a@x\'), (2, \'a@x\');';

describeRule('invalid-index-left-behind', {
  bad: [
    { name: 'UNIQUE index built concurrently over duplicates', base: DUPLICATES, migrations: ['CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);'], lines: [1] },
  ],
  good: [
    { name: 'UNIQUE index built concurrently over distinct values', base: DUPLICATES, migrations: ["DELETE FROM users WHERE id = 2;", 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);'], lines: [] },
    { name: 'a CIC on a column that does not exist fails before building', base: DUPLICATES, migrations: ['CREATE INDEX CONCURRENTLY users_x ON users (nope);'], lines: [] },
  ],
});

describe('invalid-index-left-behind replaces the generic failure', () => {
  const sandbox = useEmbeddedSandbox(16);
  test('only this rule reports the failed concurrent build', async () => {
    const review = await reviewSql(sandbox(), { base: DUPLICATES, migrations: ['CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);'] });
    expect(review.findings.map((f) => f.rule)).toEqual(['invalid-index-left-behind']);
  });
});
