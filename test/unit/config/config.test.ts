import { readFileSync } from 'node:fs';
import { buildConfigJsonSchema } from '../../../src/config/build-config-json-schema.js';
import { parseConfig, parseConfigObject } from '../../../src/config/parse-config.js';

describe('config: valid files', () => {
  test.each([
    ['an empty file', ''],
    ['a comment only', '# nothing yet\n'],
  ])('%s gives every default', (_, text) => {
    expect(parseConfig(text)).toEqual({
      migrations: { include: ['**/migrations/**/*.sql', '**/migrate/**/*.sql'], exclude: [] },
      postgres: { version: 16 },
      production: { lockBudget: { readsSeconds: 1, writesSeconds: 5 }, calibrationBudgetSeconds: 30, calibrationRows: 100_000, calibrationMinRows: 10_000 },
      queries: [],
      statementTimeoutSeconds: 120,
      reviewTimeoutSeconds: 900,
      commands: { run: 'read', explain: 'write', ignore: 'write' },
      rules: {},
      tables: {},
      exposedSchemas: [],
      naming: { table: '^[a-z][a-z0-9_]*$', column: '^[a-z][a-z0-9_]*$', index: '^[a-z][a-z0-9_]*$', constraint: '^[a-z][a-z0-9_]*$' },
    });
  });

  test('a preset and command permissions', () => {
    const config = parseConfig('migrations:\n  preset: flyway\ncommands:\n  ignore: maintain\n  run: write\n');
    expect(config.migrations.preset).toBe('flyway');
    expect(config.commands).toEqual({ run: 'write', explain: 'write', ignore: 'maintain' });
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
    ['commands:\n  deploy: write\n', 'commands: Unrecognized key: "deploy"'],
    ['reviewTimeoutSeconds: -1\n', 'reviewTimeoutSeconds: Too small'],
    ['postgres:\n  version: 9\n', 'postgres.version: must be one of 14, 15, 16, 17, 18'],
    ['migrations: [unclosed\n', 'is not valid YAML'],
    // "billion laughs": the YAML parser refuses excessive alias expansion
    ['a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 'is not valid YAML'],
  ])('%j', (text, message) => {
    expect(() => parseConfig(text)).toThrow(message);
  });
});

describe('the JSON Schema for editors', () => {
  test('pg-dba-review.schema.json is generated from the zod schema (run `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../pg-dba-review.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(buildConfigJsonSchema());
  });
});
