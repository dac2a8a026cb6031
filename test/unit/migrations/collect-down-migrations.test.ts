import { buildMigrationPlan } from '../../../src/migrations/build-migration-plan.js';
import { collectDownMigrations } from '../../../src/migrations/collect-down-migrations.js';
import type { PresetName } from '../../../src/migrations/presets/preset-names.js';

const DEFAULT_GLOBS = ['**/migrations/**/*.sql', '**/migrate/**/*.sql'];

function plan(preset: PresetName | undefined, added: string[], baseTree: string[] = []) {
  return buildMigrationPlan({
    changed: added.map((path) => ({ path, status: 'added' as const })),
    baseTree,
    settings: { include: DEFAULT_GLOBS, exclude: [], ...(preset ? { preset } : {}) },
  });
}

describe('collectDownMigrations', () => {
  const files: Record<string, string> = {
    'db/migrations/0002_b.down.sql': 'DROP TABLE b;',
    'db/migrations/0003_c.down.sql': 'DROP TABLE c;',
  };
  const read = async (path: string) => files[path] ?? null;

  test('golang-migrate style .up.sql/.down.sql pairs, newest first, with the plain sql preset', async () => {
    const p = plan(undefined, ['db/migrations/0002_b.up.sql', 'db/migrations/0002_b.down.sql', 'db/migrations/0003_c.up.sql', 'db/migrations/0003_c.down.sql']);
    expect(p.migrations.map((m) => m.path)).toEqual(['db/migrations/0002_b.up.sql', 'db/migrations/0003_c.up.sql']);
    const ups = p.migrations.map((m) => ({ path: m.path, content: 'CREATE TABLE x ();' }));
    expect(await collectDownMigrations(p, ups, read)).toEqual([
      { path: 'db/migrations/0003_c.down.sql', content: 'DROP TABLE c;' },
      { path: 'db/migrations/0002_b.down.sql', content: 'DROP TABLE b;' },
    ]);
  });

  test('a down file already on the base branch pairs too; one missing down means no complete rollback', async () => {
    const p = plan(undefined, ['db/migrations/0002_b.up.sql', 'db/migrations/0004_d.up.sql'], ['db/migrations/0002_b.down.sql']);
    expect(await collectDownMigrations(p, p.migrations.map((m) => ({ path: m.path, content: '' })), read)).toBeUndefined();
  });

  test('dbmate: the -- migrate:down section, lines kept in place', async () => {
    const p = plan('dbmate', ['db/migrations/20240101000000_a.sql']);
    const content = '-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n';
    const [down] = (await collectDownMigrations(p, [{ path: 'db/migrations/20240101000000_a.sql', content }], read))!;
    expect(down!.content.split('\n')[4]).toBe('DROP TABLE a;');
    expect(down!.content).not.toContain('CREATE TABLE');
  });

  test('dbmate without a down section: none', async () => {
    const p = plan('dbmate', ['db/migrations/20240101000000_a.sql']);
    expect(await collectDownMigrations(p, [{ path: 'db/migrations/20240101000000_a.sql', content: '-- migrate:up\nSELECT 1;\n' }], read)).toBeUndefined();
  });
});
