import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';
import { ORGS_USERS } from '../../helpers/fixtures.js';
import type { PostgresMajor } from '../../../src/sandbox/supported-versions.js';

/** The lock facts the rules rely on, re-measured on every supported major besides 16 (the corpus runs on 16). */
const CASES: Array<[string, string, string[]]> = [
  ['CREATE INDEX', 'CREATE INDEX users_n ON users (n);', ['require-concurrent-index@1', 'require-lock-timeout@1']],
  ['volatile default', "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();", ['table-rewrite-under-exclusive-lock@2', 'rewrite-needs-free-disk@2']],
  ['constant default', "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN s text NOT NULL DEFAULT 'x';", []],
  ['FOREIGN KEY', "SET lock_timeout = '1s';\nALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE;", ['adding-foreign-key@2', 'fk-without-index@2']],
  ['SET NOT NULL', "SET lock_timeout = '1s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", ['set-not-null-without-check@2']],
  ['timestamptz in UTC', "SET lock_timeout = '1s';\nALTER TABLE users ALTER COLUMN created TYPE timestamptz;", ['changing-column-type@2']],
  ['varchar widening', "SET lock_timeout = '1s';\nALTER TABLE users ALTER COLUMN code TYPE varchar(40);", []],
  ['DROP INDEX', "SET lock_timeout = '1s';\nDROP INDEX users_code_idx;", ['require-concurrent-drop-index@2']],
];

describe.each([14, 15, 17, 18] as PostgresMajor[])('PostgreSQL %i', (major) => {
  const sandbox = useEmbeddedSandbox(major);

  test.each(CASES)('%s', async (_name, sql, expected) => {
    const review = await reviewSql(sandbox(), { base: ORGS_USERS, migrations: [sql] });
    expect(review.postgres.version.startsWith(`${major}.`)).toBe(true);
    expect(review.findings.map((f) => `${f.rule}@${f.line}`).sort()).toEqual([...expected].sort());
  });

  test('SET NOT NULL names the PG18 NOT NULL ... NOT VALID route only on 18', async () => {
    const review = await reviewSql(sandbox(), { base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL;'] });
    const message = review.findings.find((f) => f.rule === 'set-not-null-without-check')!.message;
    if (major >= 18) expect(message).toMatch(/PostgreSQL 18 .*NOT NULL email NOT VALID/);
    else expect(message).not.toMatch(/NOT VALID and VALIDATE it/);
  });

  if (major >= 18) {
    test('PG18: NOT NULL ... NOT VALID, VALIDATE, then SET NOT NULL is safe', async () => {
      const review = await reviewSql(sandbox(), {
        base: ORGS_USERS,
        migrations: [
          "SET lock_timeout = '1s';\nALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email NOT VALID;",
          "SET lock_timeout = '1s';\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;",
          "SET lock_timeout = '1s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        ],
      });
      expect(review.findings).toEqual([]);
    });
  }
});
