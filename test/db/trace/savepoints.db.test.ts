import { reviewSql, statementsOf, useEmbeddedSandbox } from '../../helpers/review-sql.js';

/** ROLLBACK TO SAVEPOINT puts back catalog rows no newer row shows: the trace must not keep what it undid. */
describe('savepoints in a traced migration (PostgreSQL 16)', () => {
  const sandbox = useEmbeddedSandbox(16);
  const BASE = 'CREATE TABLE c3 (id int PRIMARY KEY, v int);\nINSERT INTO c3 SELECT g, g FROM generate_series(1, 100) g;';

  test('a rename undone by ROLLBACK TO SAVEPOINT: later files see the table under its own name', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['BEGIN;\nSAVEPOINT s;\nALTER TABLE c3 RENAME TO c3y;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;', 'ALTER TABLE c3 ADD COLUMN q int;'],
    });
    expect(review.migrations.map((m) => m.status)).toEqual(['applied', 'applied']);
    const add = statementsOf(review).find((s) => s.sql.startsWith('ALTER TABLE c3 ADD'))!;
    expect(add.locks.map((l) => l.relation)).toEqual(['public.c3']);
  });

  test('a rewrite undone by ROLLBACK TO SAVEPOINT is not reported as a rewrite of the ROLLBACK TO', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['BEGIN;\nSAVEPOINT s;\nALTER TABLE c3 ALTER COLUMN v TYPE bigint;\nROLLBACK TO SAVEPOINT s;\nALTER TABLE c3 ALTER COLUMN v TYPE text;\nCOMMIT;'],
    });
    const statements = statementsOf(review);
    expect(statements.map((s) => [s.sql.split('\n')[0], s.rewrites])).toEqual([
      ['BEGIN', []],
      ['SAVEPOINT s', []],
      ['ALTER TABLE c3 ALTER COLUMN v TYPE bigint', ['public.c3', 'public.c3_pkey']],
      ['ROLLBACK TO SAVEPOINT s', []],
      // Measured against the table as the rollback left it: rewritten again.
      ['ALTER TABLE c3 ALTER COLUMN v TYPE text', ['public.c3', 'public.c3_pkey']],
      ['COMMIT', []],
    ]);
  });
});
