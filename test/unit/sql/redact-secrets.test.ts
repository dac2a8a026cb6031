import { listSecrets, redactKnownSecrets, redactSecrets } from '../../../src/sql/redact-secrets.js';

describe('redactSecrets', () => {
  test.each([
    // CREATE/ALTER ROLE, found by the scanner
    ["CREATE ROLE a PASSWORD 'x'", "CREATE ROLE a PASSWORD '[redacted]'"],
    ["ALTER USER a WITH ENCRYPTED PASSWORD 'it''s'", "ALTER USER a WITH ENCRYPTED PASSWORD '[redacted]'"],
    ["create user a login password 's3cret' valid until '2030-01-01'", "create user a login password '[redacted]' valid until '2030-01-01'"],
    ["ALTER ROLE ñ PASSWORD 'ü'; ALTER ROLE b PASSWORD 'y'", "ALTER ROLE ñ PASSWORD '[redacted]'; ALTER ROLE b PASSWORD '[redacted]'"],
    ['ALTER ROLE a PASSWORD $p$dollar quoted$p$', "ALTER ROLE a PASSWORD '[redacted]'"],
    // issue 12: dynamic SQL in a DO block, the quotes doubled once per level
    [
      "DO $$ BEGIN EXECUTE 'CREATE ROLE app LOGIN PASSWORD ''s3cr3t-pw'''; END $$;",
      "DO $$ BEGIN EXECUTE 'CREATE ROLE app LOGIN PASSWORD ''[redacted]'''; END $$;",
    ],
    ["DO $$ BEGIN CREATE ROLE app PASSWORD 'static-in-plpgsql'; END $$", "DO $$ BEGIN CREATE ROLE app PASSWORD '[redacted]'; END $$"],
    [
      "SELECT 'ALTER ROLE a PASSWORD ''''two levels'''''",
      "SELECT 'ALTER ROLE a PASSWORD ''''[redacted]'''''",
    ],
    // connection URIs with a password, in a COMMENT or any string
    [
      "COMMENT ON TABLE orders IS 'synced from postgres://etl:hunter22@db.internal:5432/shop';",
      "COMMENT ON TABLE orders IS 'synced from postgres://etl:[redacted]@db.internal:5432/shop';",
    ],
    ["INSERT INTO hooks VALUES ('https://bot:tok3n@hooks.example.com/x')", "INSERT INTO hooks VALUES ('https://bot:[redacted]@hooks.example.com/x')"],
    // foreign servers and user mappings
    [
      "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'db', dbname 'shop', password 'fdw-secret');",
      "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'db', dbname 'shop', password '[redacted]');",
    ],
    [
      "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password 'map-secret');",
      "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password '[redacted]');",
    ],
    ["ALTER USER MAPPING FOR app SERVER remote OPTIONS (SET password 'new-secret');", "ALTER USER MAPPING FOR app SERVER remote OPTIONS (SET password '[redacted]');"],
    // libpq key/value strings: dblink_connect, primary_conninfo
    [
      "SELECT dblink_connect('host=db user=app password=hunter2 dbname=shop');",
      "SELECT dblink_connect('host=db user=app password=[redacted] dbname=shop');",
    ],
    [
      "SELECT dblink_connect('host=db password=''with space'' dbname=shop');",
      "SELECT dblink_connect('host=db password=''[redacted]'' dbname=shop');",
    ],
    ["ALTER SYSTEM SET primary_conninfo = 'host=p user=rep password = abc123';", "ALTER SYSTEM SET primary_conninfo = 'host=p user=rep password = [redacted]';"],
    [`INSERT INTO settings VALUES ('{"user": "a", "password": "js\\"on"}')`, `INSERT INTO settings VALUES ('{"user": "a", "password": "[redacted]"}')`],
    // error messages that echo a secret with its keyword
    ['invalid input syntax for type integer: "password=hunter2"', 'invalid input syntax for type integer: "password=[redacted]"'],
    // comments may hold real secrets too: masking too much beats printing one
    ["-- PASSWORD 'in a comment'\nSELECT 1", "-- PASSWORD '[redacted]'\nSELECT 1"],
    // not secrets
    ['ALTER ROLE a PASSWORD NULL', 'ALTER ROLE a PASSWORD NULL'],
    ["SELECT 'password'", "SELECT 'password'"],
    ['ALTER TABLE users ADD COLUMN password text NOT NULL', 'ALTER TABLE users ADD COLUMN password text NOT NULL'],
    ["UPDATE users SET password_hash = crypt('x', gen_salt('bf'))", "UPDATE users SET password_hash = crypt('x', gen_salt('bf'))"],
    ["COMMENT ON TABLE t IS 'see https://example.com/docs and postgres://app@db/shop'", "COMMENT ON TABLE t IS 'see https://example.com/docs and postgres://app@db/shop'"],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
    expect(redactSecrets(expected)).toBe(expected); // idempotent
  });

  test('text that does not scan is still redacted', () => {
    expect(redactSecrets("CREATE ROLE a PASSWORD 'x' $$ unterminated")).not.toContain("'x'");
  });

  test('secrets named in one text are masked where another echoes them without their keyword', () => {
    const secrets = listSecrets("DO $$ BEGIN EXECUTE 'ALTER ROLE a PASSWORD ''it''''s-long'''; END $$; SELECT dblink_connect('password=hunter2x');");
    expect(secrets).toEqual(expect.arrayContaining(["it''''s-long", "it''s-long", 'hunter2x']));
    expect(redactKnownSecrets('invalid input syntax for type integer: "hunter2x"', secrets)).toBe('invalid input syntax for type integer: "[redacted]"');
    // short values are left alone elsewhere: masking "abc" would mask every "abc"
    expect(redactKnownSecrets('abc', listSecrets("ALTER ROLE a PASSWORD 'abc'"))).toBe('abc');
  });
});
