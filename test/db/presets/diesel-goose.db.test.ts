import { createGitRepo } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';

interface ReviewJson {
  verdict: string;
  error?: string;
  migrations: Array<{ file: string; status: string; transactionMode: string; statements: Array<{ kind: string }> }>;
  rollback?: { source: string; status: string };
}

async function review(dir: string): Promise<ReviewJson> {
  const result = await runCli(['review', '--repo', dir, '--base', 'main', '--format', 'json']);
  return JSON.parse(result.stdout) as ReviewJson;
}

/**
 * A diesel history (crates.io-like): diesel's initial setup, dashed versions and undashed ones.
 * By path, `2020-01-02-000000_posts` sorts before `20200101120000_users` and the posts table's
 * foreign key to users fails; by diesel's own order (dashes removed) it applies.
 */
describe('pg-dba-review review --repo with the diesel preset', () => {
  const repository = createGitRepo();
  const { git, write } = repository;
  beforeAll(() => {
    write('.github/pg-dba-review.yml', 'migrations:\n  preset: diesel\n');
    write(
      'migrations/00000000000000_diesel_initial_setup/up.sql',
      `CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
BEGIN
    IF (NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) THEN
        NEW.updated_at := current_timestamp;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
`,
    );
    write('migrations/00000000000000_diesel_initial_setup/down.sql', 'DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);\nDROP FUNCTION IF EXISTS diesel_set_updated_at();\n');
    write('migrations/20200101120000_create_users/up.sql', 'CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  name text NOT NULL,\n  updated_at timestamptz NOT NULL DEFAULT now()\n);\nSELECT diesel_manage_updated_at(\'users\');\n');
    write('migrations/20200101120000_create_users/down.sql', 'DROP TABLE users;\n');
    write('migrations/2020-01-02-000000_create_posts/up.sql', 'CREATE TABLE posts (\n  id bigserial PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n  title text NOT NULL\n);\nCREATE INDEX posts_user_id_idx ON posts (user_id);\n');
    write('migrations/2020-01-02-000000_create_posts/down.sql', 'DROP TABLE posts;\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    write('migrations/2020-02-01-000000_index_posts_title/up.sql', 'CREATE INDEX CONCURRENTLY posts_title_idx ON posts (title);\n');
    write('migrations/2020-02-01-000000_index_posts_title/down.sql', 'DROP INDEX CONCURRENTLY posts_title_idx;\n');
    write('migrations/2020-02-01-000000_index_posts_title/metadata.toml', 'run_in_transaction = false\n');
    write('migrations/2020-02-02-000000_add_posts_body/up.sql', 'ALTER TABLE posts ADD COLUMN body text;\n');
    write('migrations/2020-02-02-000000_add_posts_body/down.sql', 'ALTER TABLE posts DROP COLUMN body;\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
  });
  afterAll(() => repository.remove());

  test('the base applies in diesel order, run_in_transaction = false runs outside a transaction, down.sql is the rollback', async () => {
    const result = await review(repository.dir);
    expect(result.error).toBeUndefined();
    expect(result.migrations.map((m) => [m.file, m.status, m.transactionMode])).toEqual([
      ['migrations/2020-02-01-000000_index_posts_title/up.sql', 'applied', 'autocommit'],
      ['migrations/2020-02-02-000000_add_posts_body/up.sql', 'applied', 'single-transaction'],
    ]);
    expect(result.rollback).toMatchObject({ source: 'down-migration', status: 'verified' });
  });
});

/** A goose history: Up/Down sections, a PL/pgSQL function in a StatementBegin/End block, NO TRANSACTION. */
describe('pg-dba-review review --repo with the goose preset', () => {
  const repository = createGitRepo();
  const { git, write } = repository;
  beforeAll(() => {
    write('.github/pg-dba-review.yml', 'migrations:\n  preset: goose\n');
    write(
      'db/migrations/20240101120000_create_accounts.sql',
      `-- +goose Up
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose StatementBegin
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- +goose Down
DROP TABLE accounts;
DROP FUNCTION touch_updated_at();
`,
    );
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    write(
      'db/migrations/20240201090000_accounts_email_index.sql',
      `-- +goose Up
-- +goose NO TRANSACTION
CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email);

-- +goose Down
-- +goose NO TRANSACTION
DROP INDEX CONCURRENTLY accounts_email_key;
`,
    );
    write(
      'db/migrations/20240202090000_accounts_name.sql',
      `-- +goose Up
ALTER TABLE accounts ADD COLUMN display_name text;
-- +goose StatementBegin
DO $$
BEGIN
  UPDATE accounts SET display_name = split_part(email, '@', 1);
END;
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE accounts DROP COLUMN display_name;
`,
    );
    git('add', '-A');
    git('commit', '-qm', 'feature');
  });
  afterAll(() => repository.remove());

  test('only the Up sections run, NO TRANSACTION runs outside a transaction, the Down sections are the rollback', async () => {
    const result = await review(repository.dir);
    expect(result.error).toBeUndefined();
    expect(result.migrations.map((m) => [m.file, m.status, m.transactionMode, m.statements.map((s) => s.kind)])).toEqual([
      ['db/migrations/20240201090000_accounts_email_index.sql', 'applied', 'autocommit', ['IndexStmt']],
      ['db/migrations/20240202090000_accounts_name.sql', 'applied', 'single-transaction', ['AlterTableStmt', 'DoStmt']],
    ]);
    expect(result.rollback).toMatchObject({ source: 'down-migration', status: 'verified' });
  });
});
