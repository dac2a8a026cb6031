import { selectMigrations } from '../../../src/migrations/select-migrations.js';

describe('selectMigrations', () => {
  test('matches globs and orders naturally, as runners apply them', () => {
    const paths = ['db/migrations/10_c.sql', 'db/migrations/2_b.sql', 'README.md', 'db/migrations/1_a.sql', 'db/seeds/x.sql'];
    expect(selectMigrations(paths, { include: ['db/migrations/*.sql'], exclude: [] })).toEqual([
      'db/migrations/1_a.sql',
      'db/migrations/2_b.sql',
      'db/migrations/10_c.sql',
    ]);
  });

  test('excludes win over includes', () => {
    expect(selectMigrations(['m/1.sql', 'm/1.down.sql'], { include: ['m/*.sql'], exclude: ['**/*.down.sql'] })).toEqual(['m/1.sql']);
  });
});
