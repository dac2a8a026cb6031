import { parseConfig, parseConfigObject } from '../../../src/config/parse-config.js';
import { resolveReviewSettings } from '../../../src/config/resolve-review-settings.js';

describe('config: valid files', () => {
  test.each([
    ['an empty file', ''],
    ['a comment only', '# nothing yet\n'],
  ])('%s gives every default', (_, text) => {
    expect(parseConfig(text)).toEqual({
      migrations: { include: ['**/migrations/**/*.sql', '**/migrate/**/*.sql'], exclude: [], sessionSettings: {}, baseSuperuserStatements: 'fail' },
      postgres: { version: 16 },
      production: { lockBudget: { readsSeconds: 1, writesSeconds: 5 }, calibrationBudgetSeconds: 30, calibrationRows: 100_000, calibrationMinRows: 10_000 },
      queries: [],
      statementTimeoutSeconds: 120,
      reviewTimeoutSeconds: 900,
      commands: { run: 'read', explain: 'write', ignore: 'write' },
      rules: {},
      tables: {},
      exposedSchemas: [],
      failOn: 'error',
      naming: { table: '^[a-z][a-z0-9_]*$', column: '^[a-z][a-z0-9_]*$', index: '^[a-z][a-z0-9_]*$', constraint: '^[a-z][a-z0-9_]*$' },
    });
  });

  test('a preset and command permissions', () => {
    const config = parseConfig('migrations:\n  preset: flyway\ncommands:\n  ignore: maintain\n  run: write\n');
    expect(config.migrations.preset).toBe('flyway');
    expect(config.commands).toEqual({ run: 'write', explain: 'write', ignore: 'maintain' });
  });

  test('the runner\'s session settings, in file order, through to the review settings', async () => {
    const config = parseConfig('migrations:\n  sessionSettings:\n    lock_timeout: 5s\n    statement_timeout: 0\n    app.tenant: acme\n');
    expect(config.migrations.sessionSettings).toEqual({ lock_timeout: '5s', statement_timeout: 0, 'app.tenant': 'acme' });
    const settings = await resolveReviewSettings(config, async () => null);
    expect(settings.sessionSettings).toEqual([
      { name: 'lock_timeout', value: '5s' },
      { name: 'statement_timeout', value: '0' },
      { name: 'app.tenant', value: 'acme' },
    ]);
  });

  test('a session setting the review must not apply is refused when the settings are resolved (CLI and App alike)', async () => {
    const config = parseConfig('migrations:\n  sessionSettings:\n    session_replication_role: replica\n');
    await expect(resolveReviewSettings(config, async () => null)).rejects.toThrow(/session setting "session_replication_role" is refused/);
  });

  test('diesel and goose presets; base statements that need a superuser are skipped only when asked', () => {
    expect(parseConfig('migrations:\n  preset: diesel\n').migrations).toMatchObject({ preset: 'diesel', baseSuperuserStatements: 'fail' });
    expect(parseConfig('migrations:\n  preset: goose\n  baseSuperuserStatements: skip\n').migrations).toMatchObject({ preset: 'goose', baseSuperuserStatements: 'skip' });
  });

  test("Probot's loader result (already parsed, or null when there is no file)", () => {
    expect(parseConfigObject(null).postgres.version).toBe(16);
    expect(parseConfigObject({ postgres: { version: 15 } }).postgres.version).toBe(15);
  });
});

describe('config: invalid files name the key and the problem', () => {
  test.each([
    ['migrations:\n  preset: liquibase\n', 'migrations.preset: Invalid option: expected one of "sql"|"flyway"|'],
    ['commands:\n  ignore: owner\n', 'commands.ignore: Invalid option'],
    ['migrations:\n  baseSuperuserStatements: run\n', 'migrations.baseSuperuserStatements: Invalid option: expected one of "fail"|"skip"'],
    ['commands:\n  deploy: write\n', 'commands: Unrecognized key: "deploy"'],
    ['failOn: info\n', 'failOn: Invalid option'],
    ['reviewTimeoutSeconds: -1\n', 'reviewTimeoutSeconds: Too small'],
    ['postgres:\n  version: 9\n', 'postgres.version: must be one of 14, 15, 16, 17, 18'],
    ['migrations: [unclosed\n', 'is not valid YAML'],
    ["migrations:\n  sessionSettings:\n    'lock timeout': 5s\n", 'migrations.sessionSettings.lock timeout: Invalid key in record'],
    ['migrations:\n  sessionSettings:\n    lock_timeout: [5s]\n', 'migrations.sessionSettings.lock_timeout: Invalid input'],
    // "billion laughs": the YAML parser refuses excessive alias expansion
    ['a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 'is not valid YAML'],
  ])('%j', (text, message) => {
    expect(() => parseConfig(text)).toThrow(message);
  });
});
