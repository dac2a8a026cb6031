import pg from 'pg';
import type { ClusterSandbox } from '../../../src/sandbox/cluster-sandbox.js';
import { openServerSandbox } from '../../../src/sandbox/server.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { reviewSql, statementsOf } from '../../helpers/review-sql.js';

/**
 * The `server` provider against this machine's PostgreSQL (every machine of this kind runs one
 * on 127.0.0.1:5432; .github/workflows/ci.yml starts one as a service).
 */
const ADMIN_URL = process.env.PG_DBA_REVIEW_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = `t${process.pid}_`;
const parsed = (content: string) => [splitStatements({ path: 'base.sql', content })];

async function adminQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const ours = async () => ({
  databases: (await adminQuery<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [`${PREFIX}%`])).map((r) => r.datname),
  roles: (await adminQuery<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1', [`${PREFIX}%`])).map((r) => r.rolname),
});

describe('server provider (an existing PostgreSQL)', () => {
  const opened: ClusterSandbox[] = [];
  const open = async (templateCap?: number) => {
    const sandbox = await openServerSandbox({ adminUrl: ADMIN_URL, prefix: PREFIX, ...(templateCap ? { templateCap } : {}) });
    opened.push(sandbox);
    return sandbox;
  };

  afterAll(async () => {
    for (const sandbox of opened) await sandbox.close();
    const { databases, roles } = await ours();
    for (const name of databases) await adminQuery(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`).then(() => adminQuery(`DROP DATABASE ${name} WITH (FORCE)`));
    for (const name of roles) await adminQuery(`DROP ROLE ${name}`);
  });

  test('reviews on the server, as a role of its own, and leaves only the template behind', async () => {
    const sandbox = await open();
    const review = await reviewSql(sandbox, {
      base: 'CREATE TABLE accounts (id int PRIMARY KEY, email text);\nINSERT INTO accounts SELECT g, g::text FROM generate_series(1, 1000) g;',
      migrations: ['CREATE INDEX accounts_email_idx ON accounts (email);'],
    });
    expect(review.postgres.version).toBe(sandbox.serverVersion);
    expect(statementsOf(review)[0]!.locks).toEqual([expect.objectContaining({ relation: 'public.accounts', mode: 'ShareLock' })]);
    // The branch is dropped in the background once the review has its result.
    await sandbox.sparesSettled();
    const left = await ours();
    expect(left.databases).toEqual([expect.stringMatching(new RegExp(`^${PREFIX}base_`))]);
    expect(left.roles.filter((r) => r.startsWith(`${PREFIX}r_`))).toEqual([]);
  });

  test('a branch dropped in the background is gone, with its role, once the sandbox has closed', async () => {
    const sandbox = await open();
    const base = await sandbox.prepareBase(parsed('CREATE TABLE dropped_later (id int);'));
    const branch = await sandbox.openBranch(base);
    expect((await ours()).databases).toContain(branch.database);
    branch.dropInBackground!();
    await sandbox.close();
    expect((await ours()).databases).not.toContain(branch.database);
    expect((await ours()).roles.filter((r) => r.startsWith(`${PREFIX}r_`))).toEqual([]);
  });

  test('a template built by one process is reused by another', async () => {
    const files = parsed('CREATE TABLE shared (id int);');
    const first = await (await open()).prepareBase(files);
    const before = await ours();
    const second = await (await open()).prepareBase(files);
    expect(second.templateDatabase).toBe(first.templateDatabase);
    expect((await ours()).databases).toEqual(before.databases);
  });

  test('templates beyond the cap are evicted, least recently used first', async () => {
    const sandbox = await open(2);
    const a = await sandbox.prepareBase(parsed('CREATE TABLE a (id int);'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const b = await sandbox.prepareBase(parsed('CREATE TABLE b (id int);'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await (await sandbox.openBranch(a)).drop(); // a is now more recently used than b
    await new Promise((resolve) => setTimeout(resolve, 20));
    const c = await sandbox.prepareBase(parsed('CREATE TABLE c (id int);'));
    const templates = (await ours()).databases;
    expect(templates).toContain(a.templateDatabase);
    expect(templates).toContain(c.templateDatabase);
    expect(templates).not.toContain(b.templateDatabase);
  });

  test('the sweeper removes databases and roles a crashed run left, and nothing younger', async () => {
    const oldStamp = (Date.now() - 3_600_000).toString(36);
    await adminQuery(`CREATE ROLE ${PREFIX}r_${oldStamp}_dead LOGIN`);
    await adminQuery(`CREATE DATABASE ${PREFIX}review_${oldStamp}_dead OWNER ${PREFIX}r_${oldStamp}_dead`);
    const sandbox = await open();
    const alive = await sandbox.openBranch(await sandbox.prepareBase([]));
    const swept = await sandbox.sweepLeftovers(10 * 60_000);
    expect(swept).toEqual({ databases: [`${PREFIX}review_${oldStamp}_dead`], roles: [`${PREFIX}r_${oldStamp}_dead`] });
    expect((await ours()).databases).toContain(alive.database);
    await alive.drop();
  });

  test("a base's roles exist for every clone, in every process, and the sweeper removes them once their template is gone", async () => {
    const files = parsed('CREATE TABLE shared_notes (id int);\nGRANT SELECT ON shared_notes TO anon;');
    const first = await (await open()).prepareBase(files, { roles: ['anon', 'authenticated'] });
    // Another process finds the template built and reviews on it under the same role names.
    const other = await open();
    const review = await reviewSql(other, {
      baseRoles: ['anon', 'authenticated'],
      base: 'CREATE TABLE shared_notes (id int);\nGRANT SELECT ON shared_notes TO anon;',
      migrations: ['GRANT INSERT ON shared_notes TO anon, authenticated;\nCREATE POLICY p ON shared_notes TO authenticated USING (true);'],
    });
    expect(review.error).toBeUndefined();
    expect(review.migrations[0]!.status).toBe('applied');
    const baseRoles = (await ours()).roles.filter((r) => r.startsWith(`${PREFIX}t`));
    expect(baseRoles).toEqual([expect.stringMatching(/_anon$/), expect.stringMatching(/_authenticated$/)]);
    await adminQuery(`ALTER DATABASE ${first.templateDatabase} WITH IS_TEMPLATE false`);
    await adminQuery(`DROP DATABASE ${first.templateDatabase} WITH (FORCE)`);
    const swept = await other.sweepLeftovers(10 * 60_000);
    expect(swept.roles).toEqual(expect.arrayContaining(baseRoles));
    expect((await ours()).roles.filter((r) => r.startsWith(`${PREFIX}t`))).toEqual([]);
  });

  test('a bad admin URL is a clear error, not a hang', async () => {
    await expect(openServerSandbox({ adminUrl: 'postgres://postgres@127.0.0.1:1/postgres' })).rejects.toThrow(/preparing PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    await expect(openServerSandbox({ adminUrl: ADMIN_URL, prefix: 'Bad-Prefix' })).rejects.toThrow(/must be lowercase/);
  });
});
