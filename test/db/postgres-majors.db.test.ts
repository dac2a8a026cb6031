import { reviewSql, statementsOf, useEmbeddedSandbox } from '../helpers/review-sql.js';
import type { PostgresMajor } from '../../src/sandbox/supported-versions.js';

const USERS = 'CREATE TABLE users (id int PRIMARY KEY, email text);\nINSERT INTO users SELECT g, g::text FROM generate_series(1, 2000) g;';

// The oldest and newest supported majors, beside 16 (engine.db.test.ts) and 15/17 (cli.db.test.ts).
describe.each([14, 18] as PostgresMajor[])('PostgreSQL %i', (major) => {
  const sandbox = useEmbeddedSandbox(major);

  test('reports its own version and traces the same locks', async () => {
    const review = await reviewSql(sandbox(), {
      base: USERS,
      migrations: ['CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();'],
    });
    expect(review.postgres.version).toMatch(new RegExp(`^${major}\\.`));
    const [index, column] = statementsOf(review);
    expect(index!.locks).toEqual([expect.objectContaining({ relation: 'public.users', mode: 'ShareLock' })]);
    expect(column!.rewrites).toContain('public.users');
    expect(review.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['require-concurrent-index', 'table-rewrite-under-exclusive-lock']);
  });
});
