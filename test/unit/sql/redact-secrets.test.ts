import { redactSecrets } from '../../../src/sql/redact-secrets.js';

describe('redactSecrets', () => {
  test.each([
    ["CREATE ROLE a PASSWORD 'x'", "CREATE ROLE a PASSWORD '[redacted]'"],
    ["ALTER USER a WITH ENCRYPTED PASSWORD 'it''s'", "ALTER USER a WITH ENCRYPTED PASSWORD '[redacted]'"],
    ["create user a login password 's3cret' valid until '2030-01-01'", "create user a login password '[redacted]' valid until '2030-01-01'"],
    ["ALTER ROLE ñ PASSWORD 'ü'; ALTER ROLE b PASSWORD 'y'", "ALTER ROLE ñ PASSWORD '[redacted]'; ALTER ROLE b PASSWORD '[redacted]'"],
    ["ALTER ROLE a PASSWORD NULL", "ALTER ROLE a PASSWORD NULL"],
    ["SELECT 'password'", "SELECT 'password'"],
    ["-- PASSWORD 'in a comment' is not a token\nSELECT 1", "-- PASSWORD 'in a comment' is not a token\nSELECT 1"],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  test('text that does not scan is still redacted', () => {
    expect(redactSecrets("CREATE ROLE a PASSWORD 'x' $$ unterminated")).not.toContain("'x'");
  });
});
