import { createGitRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';

/** `review` pairs each new migration with its down file and verifies the rollback for real. */
describe('pg-dba-review review with down migrations in the repository', () => {
  const repository = createGitRepo();
  const { git, write } = repository;
  const repo = repository.dir;

  beforeAll(() => {
    write('db/migrations/0001_users.up.sql', 'CREATE TABLE users (id bigint PRIMARY KEY, email text);');
    write('db/migrations/0001_users.down.sql', 'DROP TABLE users;');
    write('.github/pg-dba-review.yml', 'queries:\n  - queries/hot.sql\n');
    write('queries/hot.sql', 'SELECT * FROM users WHERE email = $$a@example.com$$;\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
  });
  afterAll(() => repository.remove());

  test('a matching down file is run after the up, and the schema is compared with the base', async () => {
    write('db/migrations/0002_tags.up.sql', 'CREATE TABLE tags (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));');
    write('db/migrations/0002_tags.down.sql', 'DROP TABLE tags;');
    git('add', '-A');
    git('commit', '-qm', 'tags');
    const review = JSON.parse((await runCli(['review', '--repo', repo, '--base', 'main', '--format', 'json'])).stdout);
    expect(review.migrations.map((m: { file: string }) => m.file)).toEqual(['db/migrations/0002_tags.up.sql']);
    expect(review.rollback).toMatchObject({ source: 'down-migration', status: 'verified' });
    expect(review.explain.map((e: { query: string }) => e.query)).toEqual(['SELECT * FROM users WHERE email = $$a@example.com$$']);
  });

  test('a down file that does not undo the change is reported with the difference', async () => {
    write('db/migrations/0003_note.up.sql', 'ALTER TABLE users ADD COLUMN note text;');
    write('db/migrations/0003_note.down.sql', 'SELECT 1;');
    git('add', '-A');
    git('commit', '-qm', 'note');
    const review = JSON.parse((await runCli(['review', '--repo', repo, '--base', 'main', '--format', 'json'])).stdout);
    expect(review.rollback.status).toBe('differs');
    expect(JSON.stringify(review.rollback.differences)).toContain('note');
  });
});
