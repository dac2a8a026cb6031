import { readFileSync } from 'node:fs';
import { buildMigrationPlan, type MigrationSettings } from '../../../src/migrations/build-migration-plan.js';
import type { ChangedFile } from '../../../src/migrations/changed-file.js';
import { presets } from '../../../src/migrations/presets/index.js';
import { PRESET_NAMES, type PresetName } from '../../../src/migrations/presets/preset-names.js';
import { splitStatements } from '../../../src/sql/split-statements.js';

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
