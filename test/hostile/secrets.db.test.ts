import { buildCheckOutcome } from '../../src/report/build-check-outcome.js';
import { renderComment } from '../../src/report/render-comment.js';
import { reviewSql, useEmbeddedSandbox } from '../helpers/review-sql.js';

/**
 * Secrets in a migration never reach an output (issue 12): every form below is reviewed on a
 * real Postgres, and the secret appears neither in the Report JSON nor in the comment nor in
 * the check run (summary and annotations), whatever Postgres echoes back in its errors.
 */
const BASE = 'CREATE TABLE orders (id int PRIMARY KEY, note text);';

const cases: Array<[name: string, migration: string, secret: string]> = [
  ['CREATE ROLE ... PASSWORD', "CREATE ROLE app LOGIN PASSWORD 'role-secret-1';", 'role-secret-1'],
  ['a DO block with dynamic SQL', "DO $$ BEGIN EXECUTE 'CREATE ROLE app LOGIN PASSWORD ''do-secret-2'''; END $$;", 'do-secret-2'],
  ['static SQL in a DO block', "DO $$ BEGIN ALTER ROLE CURRENT_USER PASSWORD 'plpgsql-secret-3'; END $$;", 'plpgsql-secret-3'],
  ['a connection URI in a COMMENT', "COMMENT ON TABLE orders IS 'copied from postgres://etl:uri-secret-4@db.internal/shop';", 'uri-secret-4'],
  ['a connection URI that Postgres echoes in its error', "SELECT 'postgres://etl:echo-secret-5@db/shop'::int;", 'echo-secret-5'],
  ['CREATE SERVER ... OPTIONS (password)', "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'db', password 'server-secret-6');", 'server-secret-6'],
  ['CREATE USER MAPPING ... OPTIONS (password)', "CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (user 'etl', password 'mapping-secret-7');", 'mapping-secret-7'],
  ['dblink_connect with password=', "SELECT dblink_connect('host=db user=etl password=dblink-secret-8 dbname=shop');", 'dblink-secret-8'],
  ['a conninfo setting', "ALTER SYSTEM SET primary_conninfo = 'host=primary user=rep password=conninfo-secret-9';", 'conninfo-secret-9'],
  // the value is named as a secret in the file, then echoed bare by Postgres' error
  ['a secret echoed without its keyword', "CREATE TEMP TABLE c AS SELECT 'password=bare-secret-10' AS conninfo;\nSELECT 'bare-secret-10'::int;", 'bare-secret-10'],
];

describe('secrets in migrations are redacted in every output', () => {
  const sandbox = useEmbeddedSandbox(16);

  test.each(cases)('%s', async (_name, migration, secret) => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [migration, "ALTER TABLE orders ADD COLUMN later text;"] });
    const outputs = {
      json: JSON.stringify(review),
      comment: renderComment(review),
      check: JSON.stringify(buildCheckOutcome(review)),
    };
    for (const [output, text] of Object.entries(outputs)) {
      expect({ output, leaks: text.includes(secret) }).toEqual({ output, leaks: false });
    }
    expect(outputs.json).toContain('[redacted]');
  });
});
