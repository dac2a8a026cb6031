import { fetchPullRequestMigrations, type MigrationSource } from '../../../src/migrations/fetch-pull-request-migrations.js';

/** A repository in memory: files at base (tree + blobs) and at head, as the App reads them from GitHub. */
function source(base: Record<string, string>, head: Record<string, string>): MigrationSource {
  const added = Object.keys(head).filter((path) => !(path in base));
  return {
    listChangedFiles: async () => added.map((path) => ({ path, status: 'added' as const })),
    listTree: async () => Object.keys(base).map((path) => ({ path, sha: `sha:${path}` })),
    readFile: async (path) => head[path] ?? base[path] ?? null,
    readBlob: async (sha) => base[sha.slice(4)]!,
  };
}

const SETTINGS = { include: ['**/migrations/**/*.sql', '**/migrate/**/*.sql'], exclude: [] };

describe('fetchPullRequestMigrations (the App\'s discovery) with the new presets', () => {
  test('diesel: metadata.toml beside a folder, at base and at head, decides its transaction mode', async () => {
    const base = {
      'migrations/2020-01-01-000000_users/up.sql': 'CREATE TABLE users (id bigint);',
      'migrations/2020-01-01-000000_users/metadata.toml': 'run_in_transaction = false\n',
    };
    const head = {
      ...base,
      'migrations/2020-02-01-000000_idx/up.sql': 'CREATE INDEX CONCURRENTLY users_id_idx ON users (id);',
      'migrations/2020-02-01-000000_idx/metadata.toml': 'run_in_transaction = false\n',
      'migrations/2020-02-02-000000_col/up.sql': 'ALTER TABLE users ADD COLUMN name text;',
    };
    const found = await fetchPullRequestMigrations(source(base, head), { baseSha: 'b', headSha: 'h' }, { ...SETTINGS, preset: 'diesel' });
    expect(found.base).toEqual([{ path: 'migrations/2020-01-01-000000_users/up.sql', content: 'CREATE TABLE users (id bigint);', noTransaction: true }]);
    expect(found.migrations.map((m) => [m.path, m.noTransaction ?? false])).toEqual([
      ['migrations/2020-02-01-000000_idx/up.sql', true],
      ['migrations/2020-02-02-000000_col/up.sql', false],
    ]);
  });

  test('supabase: the platform prelude leads the base history and its roles come along', async () => {
    const base = { 'supabase/migrations/20240101000000_a.sql': 'create table a (id int);' };
    const head = { ...base, 'supabase/migrations/20240102000000_b.sql': 'grant select on a to anon;' };
    const found = await fetchPullRequestMigrations(source(base, head), { baseSha: 'b', headSha: 'h' }, { ...SETTINGS, preset: 'supabase' });
    expect(found.base.map((f) => f.path)).toEqual(['(supabase preset: standard roles, schemas and auth functions)', 'supabase/migrations/20240101000000_a.sql']);
    expect(found.base[0]!.content).toContain('CREATE FUNCTION auth.uid()');
    expect(found.baseRoles).toEqual(expect.arrayContaining(['anon', 'authenticated', 'service_role', 'authenticator']));
  });
});
