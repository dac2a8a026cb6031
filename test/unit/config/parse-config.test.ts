import { parseConfig } from '../../../src/config/parse-config.js';

describe('parseConfig', () => {
  test('an empty file gives every default', () => {
    expect(parseConfig('')).toMatchObject({
      migrations: { include: ['**/migrations/**/*.sql', '**/migrate/**/*.sql'], exclude: [], baseSuperuserStatements: 'fail' },
      postgres: { version: 16 },
      queries: [],
      statementTimeoutSeconds: 120,
    });
  });

  test('values override defaults', () => {
    const config = parseConfig('migrations:\n  include: [db/*.sql]\npostgres:\n  version: 15\nqueries: ["SELECT 1"]\n');
    expect(config.migrations).toEqual({ include: ['db/*.sql'], exclude: [], sessionSettings: {}, baseSuperuserStatements: 'fail' });
    expect(config.postgres.version).toBe(15);
    expect(config.queries).toEqual(['SELECT 1']);
  });

  test.each([
    ['postgres:\n  version: 13\n', /postgres\.version: must be one of 14, 15, 16, 17, 18/],
    ['migrations:\n  includes: [x]\n', /migrations: Unrecognized key: "includes"/],
    ['queries: SELECT 1\n', /queries: .*expected array/],
    ['colour: blue\n', /\(top level\): Unrecognized key: "colour"/],
    ['migrations: [\n', /not valid YAML/],
    ['statementTimeoutSeconds: -1\n', /statementTimeoutSeconds: /],
  ])('rejects %j with the exact key', (yaml, message) => {
    expect(() => parseConfig(yaml)).toThrow(message);
  });

  test('an evil file (YAML tags, huge aliases) is rejected, not executed', () => {
    expect(() => parseConfig('a: &a [x, x]\nb: &b [*a, *a]\nc: !!js/function "function(){}"\n')).toThrow(/pg-dba-review\.yml/);
  });
});

describe('parseConfig: rules and naming', () => {
  test('an empty file gives no overrides and snake_case naming', () => {
    const config = parseConfig('');
    expect(config.rules).toEqual({});
    expect(config.naming.table).toBe('^[a-z][a-z0-9_]*$');
  });

  test('severity overrides and exclusions', () => {
    const config = parseConfig('rules:\n  unused-ignore-directive: { severity: "off" }\n  require-concurrent-index:\n    severity: error\n    exclude: ["db/cleanup/**"]\n');
    expect(config.rules).toEqual({
      'unused-ignore-directive': { severity: 'off', exclude: [] },
      'require-concurrent-index': { severity: 'error', exclude: ['db/cleanup/**'] },
    });
  });

  test.each([
    ['an unknown rule name, with the exact key', 'rules:\n  require-concurent-index: { severity: warning }\n', /rules\.require-concurent-index: unknown rule "require-concurent-index" \(did you mean "require-concurrent-index"\?\)/],
    ['an unknown severity', 'rules:\n  require-concurrent-index: { severity: fatal }\n', /rules\.require-concurrent-index\.severity/],
    ['an unknown key in a rule', 'rules:\n  require-concurrent-index: { sevrity: error }\n', /rules\.require-concurrent-index/],
    ['an invalid naming pattern', 'naming:\n  table: "([a-z"\n', /naming\.table: must be a valid regular expression/],
  ])('rejects %s', (_name, yaml, message) => {
    expect(() => parseConfig(yaml)).toThrow(message);
  });
});
