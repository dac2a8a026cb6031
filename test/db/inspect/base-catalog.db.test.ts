import { EmbeddedSandbox } from '../../../src/sandbox/embedded.js';
import { reviewSql } from '../../helpers/review-sql.js';

const BASE = 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);';

describe('the base catalog is read once per base and reused by later reviews of it', () => {
  let sandbox: EmbeddedSandbox;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major: 16, spareBranch: true });
  });
  afterAll(() => sandbox.close());

  test("a second review of the same base sees the base, not the first review's changes", async () => {
    const first = await reviewSql(sandbox, { base: BASE, migrations: ['ALTER TABLE accounts ADD COLUMN first_only text;'] });
    const second = await reviewSql(sandbox, { base: BASE, migrations: ['CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email);'] });
    const third = await reviewSql(sandbox, { base: BASE, migrations: ['ALTER TABLE accounts ADD COLUMN first_only text;'] });

    expect(first.schemaDiff).toEqual([expect.objectContaining({ change: 'added', kind: 'column', name: 'public.accounts.first_only' })]);
    expect(second.schemaDiff).toEqual([expect.objectContaining({ change: 'added', kind: 'index', name: 'public.accounts_email_idx' })]);
    expect(third.schemaDiff).toEqual(first.schemaDiff);
    for (const review of [first, second, third]) expect(review.rollback).toMatchObject({ status: 'verified' });
  });

  test('a later review of the base traces from the relations the first one read: rewrites and locks of base tables still show', async () => {
    const rewrite = 'ALTER TABLE accounts ALTER COLUMN email TYPE varchar(200);';
    const first = await reviewSql(sandbox, { base: BASE, migrations: [rewrite] });
    const second = await reviewSql(sandbox, { base: BASE, migrations: [rewrite] });
    for (const review of [first, second]) {
      const statement = review.migrations[0]!.statements[0]!;
      expect(statement.rewrites).toEqual(['public.accounts', 'public.accounts_pkey']);
      expect(statement.locks).toEqual(expect.arrayContaining([expect.objectContaining({ relation: 'public.accounts', mode: 'AccessExclusiveLock' })]));
    }
  });
});
