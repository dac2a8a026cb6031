import { readFileSync } from 'node:fs';
import { buildMigrationPlan, type MigrationSettings } from '../../../src/migrations/build-migration-plan.js';
import type { ChangedFile } from '../../../src/migrations/changed-file.js';
import { presets } from '../../../src/migrations/presets/index.js';
import { PRESET_NAMES, type PresetName } from '../../../src/migrations/presets/preset-names.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { planTransactions } from '../../../src/sql/plan-transactions.js';
import { toUpMigration } from '../../../src/migrations/presets/preset.js';

const DEFAULT_INCLUDE = ['**/migrations/**/*.sql', '**/migrate/**/*.sql'];
const settings = (preset: PresetName, more: Partial<MigrationSettings> = {}): MigrationSettings => ({ include: DEFAULT_INCLUDE, exclude: [], preset, ...more });
const added = (...paths: string[]): ChangedFile[] => paths.map((path) => ({ path, status: 'added' }));
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/presets/${name}`, import.meta.url), 'utf8');

/** preset → files added by a PR (shuffled) → the new migrations in the order the tool applies them. */
const ordering: Array<[PresetName, string[], string[]]> = [
  ['sql', ['db/migrations/10_c.sql', 'db/migrations/2_b.sql', 'db/migrations/1_a.sql', 'src/x.ts'], ['db/migrations/1_a.sql', 'db/migrations/2_b.sql', 'db/migrations/10_c.sql']],
  [
    'flyway',
    ['src/main/resources/db/migration/R__views.sql', 'src/main/resources/db/migration/V1_10__c.sql', 'src/main/resources/db/migration/V1_9__b.sql', 'src/main/resources/db/migration/V1__a.sql', 'src/main/resources/db/migration/U1_9__b.sql'],
    ['src/main/resources/db/migration/V1__a.sql', 'src/main/resources/db/migration/V1_9__b.sql', 'src/main/resources/db/migration/V1_10__c.sql', 'src/main/resources/db/migration/R__views.sql'],
  ],
  [
    'golang-migrate',
    ['migrations/000010_c.up.sql', 'migrations/000002_b.down.sql', 'migrations/000002_b.up.sql', 'migrations/000001_a.up.sql'],
    ['migrations/000001_a.up.sql', 'migrations/000002_b.up.sql', 'migrations/000010_c.up.sql'],
  ],
  ['dbmate', ['db/migrations/20260102000000_b.sql', 'db/migrations/20260101000000_a.sql', 'db/schema.sql'], ['db/migrations/20260101000000_a.sql', 'db/migrations/20260102000000_b.sql']],
  [
    'prisma',
    ['prisma/migrations/20260102000000_b/migration.sql', 'prisma/migrations/migration_lock.toml', 'prisma/migrations/20260101000000_a/migration.sql'],
    ['prisma/migrations/20260101000000_a/migration.sql', 'prisma/migrations/20260102000000_b/migration.sql'],
  ],
  ['supabase', ['supabase/migrations/20260102000000_b.sql', 'supabase/seed.sql', 'supabase/migrations/20260101000000_a.sql'], ['supabase/migrations/20260101000000_a.sql', 'supabase/migrations/20260102000000_b.sql']],
  ['drizzle', ['drizzle/0001_b.sql', 'drizzle/meta/_journal.json', 'drizzle/0000_a.sql'], ['drizzle/0000_a.sql', 'drizzle/0001_b.sql']],
  ['sqitch', ['deploy/appschema.sql', 'revert/orders.sql', 'deploy/orders.sql', 'verify/orders.sql', 'deploy/users.sql'], ['deploy/users.sql', 'deploy/orders.sql', 'deploy/appschema.sql']],
  ['node-pg-migrate', ['migrations/1700000000002_b.sql', 'migrations/1700000000001_a.sql'], ['migrations/1700000000001_a.sql', 'migrations/1700000000002_b.sql']],
  // Dashes are removed before comparing: `2020-01-02-…` (20200102…) runs after `20200101120000`,
  // though it sorts first by path; diesel's initial setup (all zeros) runs first.
  [
    'diesel',
    ['migrations/2020-01-02-000000_b/up.sql', 'migrations/20200101120000_a/up.sql', 'migrations/00000000000000_diesel_initial_setup/up.sql', 'migrations/20200101120000_a/down.sql', 'migrations/2020-01-02-000000_b/metadata.toml'],
    ['migrations/00000000000000_diesel_initial_setup/up.sql', 'migrations/20200101120000_a/up.sql', 'migrations/2020-01-02-000000_b/up.sql'],
  ],
  // goose orders by the numeric version: 10 after 9, whatever the padding.
  ['goose', ['db/migrations/10_c.sql', 'db/migrations/00009_b.sql', 'db/migrations/1_a.sql'], ['db/migrations/1_a.sql', 'db/migrations/00009_b.sql', 'db/migrations/10_c.sql']],
];

describe('presets: ordering', () => {
  test('every preset has an ordering case', () => {
    expect(ordering.map(([name]) => name).sort()).toEqual([...PRESET_NAMES].sort());
  });

  test.each(ordering)('%s', (preset, paths, expected) => {
    const plan = buildMigrationPlan({ changed: added(...paths), baseTree: [], settings: settings(preset), orderFile: preset === 'sqitch' ? fixture('sqitch.plan') : undefined });
    expect(plan.migrations.map((m) => m.path)).toEqual(expected);
  });
});

describe('presets: what a file is', () => {
  test.each([
    ['flyway', 'db/migration/V2_1__add_email.sql', { role: 'up', version: '2.1' }],
    ['flyway', 'db/migration/U2_1__add_email.sql', { role: 'down', version: '2.1' }],
    ['flyway', 'db/migration/R__refresh_views.sql', { role: 'repeatable', version: 'refresh_views' }],
    ['flyway', 'db/migration/notes.sql', undefined],
    ['golang-migrate', 'migrations/000003_x.up.sql', { role: 'up', version: '000003' }],
    ['golang-migrate', 'migrations/000003_x.down.sql', { role: 'down', version: '000003' }],
    ['golang-migrate', 'migrations/seed.sql', undefined],
    ['sqitch', 'deploy/users.sql', { role: 'up', version: 'users' }],
    ['sqitch', 'revert/users.sql', { role: 'down', version: 'users' }],
    ['sqitch', 'verify/users.sql', undefined],
    ['prisma', 'prisma/migrations/20260101_init/migration.sql', { role: 'up', version: '20260101_init' }],
    ['diesel', 'migrations/2017-08-22-124519_create_users/up.sql', { role: 'up', version: '20170822124519' }],
    ['diesel', 'migrations/2017-08-22-124519_create_users/down.sql', { role: 'down', version: '20170822124519' }],
    ['diesel', 'migrations/00000000000000_diesel_initial_setup/up.sql', { role: 'up', version: '00000000000000' }],
    ['diesel', 'migrations/2017-08-22-124519_create_users/metadata.toml', undefined],
    ['diesel', 'migrations/README/up.sql', undefined],
    ['goose', 'db/migrations/20240101120000_add_users.sql', { role: 'up', version: '20240101120000' }],
    ['goose', 'db/migrations/seed.sql', undefined],
  ] as const)('%s: %s', (preset, path, expected) => {
    const entry = presets[preset].classify(path);
    expect(entry).toEqual(expected ? { path, ...expected } : undefined);
  });
});

describe('presets: up/down pairing', () => {
  test('golang-migrate pairs each up with its down; a missing down is null', () => {
    const plan = buildMigrationPlan({
      changed: added('migrations/000002_b.up.sql', 'migrations/000002_b.down.sql', 'migrations/000003_c.up.sql'),
      baseTree: [],
      settings: settings('golang-migrate'),
    });
    expect(plan.downs).toEqual({ 'migrations/000002_b.up.sql': 'migrations/000002_b.down.sql', 'migrations/000003_c.up.sql': null });
  });

  test('diesel pairs each folder\'s up.sql with its down.sql', () => {
    const plan = buildMigrationPlan({
      changed: added('migrations/2020-01-02-000000_b/up.sql', 'migrations/2020-01-02-000000_b/down.sql', 'migrations/2020-01-03-000000_c/up.sql'),
      baseTree: [],
      settings: settings('diesel'),
    });
    expect(plan.downs).toEqual({ 'migrations/2020-01-02-000000_b/up.sql': 'migrations/2020-01-02-000000_b/down.sql', 'migrations/2020-01-03-000000_c/up.sql': null });
  });

  test('goose: the Down section is the rollback', () => {
    const down = presets.goose.downSql!(fixture('goose.sql'))!;
    expect(splitStatements({ path: 'x.sql', content: down }).statements.map((s) => [s.line, s.text.trim()])).toEqual([
      [14, 'DROP INDEX CONCURRENTLY accounts_email_idx'],
      [15, 'DROP FUNCTION touch_updated_at()'],
    ]);
  });

  test('sqitch pairs deploy with revert by change name', () => {
    const plan = buildMigrationPlan({ changed: added('deploy/users.sql', 'revert/users.sql'), baseTree: [], settings: settings('sqitch') });
    expect(plan.downs).toEqual({ 'deploy/users.sql': 'revert/users.sql' });
  });
});

describe('presets: the SQL that runs on the way up (line numbers kept)', () => {
  test('dbmate: only the migrate:up section', () => {
    const up = presets.dbmate.upSql!(fixture('dbmate.sql'));
    expect(up.split('\n')).toHaveLength(fixture('dbmate.sql').split('\n').length);
    const parsed = splitStatements({ path: 'x.sql', content: up });
    expect(parsed.statements.map((s) => [s.line, s.text.trim()])).toEqual([[2, 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email)']]);
  });

  test('node-pg-migrate: only the Up Migration section', () => {
    const parsed = splitStatements({ path: 'x.sql', content: presets['node-pg-migrate'].upSql!(fixture('node-pg-migrate.sql')) });
    expect(parsed.statements.map((s) => [s.line, s.text.trim()])).toEqual([[2, 'ALTER TABLE users ADD COLUMN nickname text']]);
  });

  test('goose: only the Up section; StatementBegin/End blocks are comments around one statement', () => {
    const parsed = splitStatements({ path: 'x.sql', content: presets.goose.upSql!(fixture('goose.sql')) });
    expect(parsed.statements.map((s) => [s.line, s.kind])).toEqual([
      [4, 'CreateFunctionStmt'],
      [11, 'IndexStmt'],
    ]);
  });

  test('drizzle: statement-breakpoint markers are comments, the file parses as is', () => {
    const parsed = splitStatements({ path: 'x.sql', content: fixture('drizzle.sql') });
    expect(parsed.parseError).toBeUndefined();
    expect(parsed.statements.map((s) => s.line)).toEqual([1, 3]);
  });
});

describe('already-applied migrations', () => {
  const base = ['db/migrations/1_a.sql', 'db/migrations/2_b.sql', 'README.md'];
  test('edited, deleted and renamed applied migrations are findings of their own, not new migrations', () => {
    const plan = buildMigrationPlan({
      changed: [
        { path: 'db/migrations/1_a.sql', status: 'modified' },
        { path: 'db/migrations/2_b.sql', status: 'removed' },
        { path: 'db/migrations/3_c.sql', status: 'added' },
      ],
      baseTree: base,
      settings: settings('sql'),
    });
    expect(plan.migrations.map((m) => m.path)).toEqual(['db/migrations/3_c.sql']);
    expect(plan.edited).toEqual([
      { path: 'db/migrations/1_a.sql', change: 'modified' },
      { path: 'db/migrations/2_b.sql', change: 'removed' },
    ]);
    expect(plan.base.map((m) => m.path)).toEqual(['db/migrations/1_a.sql', 'db/migrations/2_b.sql']);
  });

  test('a renamed applied migration', () => {
    const plan = buildMigrationPlan({ changed: [{ path: 'db/migrations/9_a.sql', previousPath: 'db/migrations/1_a.sql', status: 'renamed' }], baseTree: base, settings: settings('sql') });
    expect(plan.edited).toEqual([{ path: 'db/migrations/9_a.sql', previousPath: 'db/migrations/1_a.sql', change: 'renamed' }]);
    expect(plan.migrations).toEqual([]);
  });

  test('a changed Flyway repeatable runs again, so it is reviewed as new', () => {
    const plan = buildMigrationPlan({ changed: [{ path: 'db/migration/R__views.sql', status: 'modified' }], baseTree: ['db/migration/V1__a.sql', 'db/migration/R__views.sql'], settings: settings('flyway') });
    expect(plan.edited).toEqual([]);
    expect(plan.migrations.map((m) => m.path)).toEqual(['db/migration/R__views.sql']);
  });

  test('a new migration that sorts before an applied one is out of order', () => {
    const plan = buildMigrationPlan({ changed: added('db/migration/V1_5__late.sql'), baseTree: ['db/migration/V1__a.sql', 'db/migration/V2__b.sql'], settings: settings('flyway') });
    expect(plan.outOfOrder.map((m) => m.path)).toEqual(['db/migration/V1_5__late.sql']);
  });

  test('custom globs replace the preset locations; exclude always applies', () => {
    const plan = buildMigrationPlan({
      changed: added('sql/V1__a.sql', 'sql/V2__seed.sql', 'db/migration/V3__c.sql'),
      baseTree: [],
      settings: settings('flyway', { include: ['sql/*.sql'], exclude: ['**/*seed*'] }),
    });
    expect(plan.migrations.map((m) => m.path)).toEqual(['sql/V1__a.sql']);
  });
});

describe('presets: transaction mode from the tool\'s own markers', () => {
  const run = (preset: PresetName, content: string, metadata?: string) =>
    planTransactions(splitStatements(toUpMigration(presets[preset], { path: 'x.sql', content }, metadata)));
  test.each<[string, PresetName, string, string | undefined, string]>([
    ['goose NO TRANSACTION', 'goose', '-- +goose Up\n-- +goose NO TRANSACTION\nCREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n', undefined, 'autocommit'],
    ['goose without the marker', 'goose', '-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n', undefined, 'single-transaction'],
    ['dbmate transaction:false', 'dbmate', '-- migrate:up transaction:false\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n', undefined, 'autocommit'],
    ['dbmate default', 'dbmate', '-- migrate:up\nCREATE TABLE a (id int);\n', undefined, 'single-transaction'],
    ['diesel run_in_transaction = false', 'diesel', 'CREATE TABLE a (id int);\n', 'run_in_transaction = false\n', 'autocommit'],
    ['diesel run_in_transaction = true', 'diesel', 'CREATE TABLE a (id int);\n', 'run_in_transaction = true\n', 'single-transaction'],
    ['diesel without metadata.toml', 'diesel', 'CREATE TABLE a (id int);\n', undefined, 'single-transaction'],
    ['a file\'s own BEGIN/COMMIT wins', 'goose', '-- +goose Up\n-- +goose NO TRANSACTION\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n', undefined, 'explicit'],
  ])('%s', (_name, preset, content, metadata, expected) => {
    expect(run(preset, content, metadata)).toBe(expected);
  });
});
