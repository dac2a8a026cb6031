import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listGitMigrations } from '../../../src/migrations/list-git-migrations.js';

/** A throwaway git repository: main with applied migrations, HEAD on a branch with the PR's changes. */
function repo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-dba-review-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { stdio: 'pipe' });
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  git('init', '-q', '-b', 'main');
  write('db/migrations/20260101000000_users.sql', '-- migrate:up\nCREATE TABLE users (id int);\n-- migrate:down\nDROP TABLE users;\n');
  write('db/migrations/20260102000000_orders.sql', '-- migrate:up\nCREATE TABLE orders (id int);\n-- migrate:down\nDROP TABLE orders;\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  write('db/migrations/20260103000000_email.sql', '-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n');
  write('db/migrations/20260101000000_users.sql', '-- migrate:up\nCREATE TABLE users (id bigint);\n');
  unlinkSync(path.join(dir, 'db/migrations/20260102000000_orders.sql'));
  git('add', '-A');
  git('commit', '-q', '-m', 'feature');
  return dir;
}

describe('listGitMigrations with a preset (the CLI follows migrations.preset like the App)', () => {
  test('dbmate: new migration with only its up section; applied edits and deletions reported, not reviewed', async () => {
    const dir = repo();
    try {
      const result = await listGitMigrations(dir, 'main', { include: ['**/migrations/**/*.sql', '**/migrate/**/*.sql'], exclude: [], preset: 'dbmate' });
      expect(result.changed).toEqual([{ path: 'db/migrations/20260103000000_email.sql', content: '\nALTER TABLE users ADD COLUMN email text;\n\n\n' }]);
      expect(result.base.map((f) => f.path)).toEqual(['db/migrations/20260101000000_users.sql', 'db/migrations/20260102000000_orders.sql']);
      expect(result.base[0]!.content).toBe('\nCREATE TABLE users (id int);\n\n\n');
      expect(result.edited).toEqual([
        { path: 'db/migrations/20260101000000_users.sql', change: 'modified' },
        { path: 'db/migrations/20260102000000_orders.sql', change: 'removed' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
