import { existsSync } from 'node:fs';
import type pg from 'pg';
import type { Sandbox } from '../../../src/review/ports.js';
import { EmbeddedSandbox } from '../../../src/sandbox/embedded.js';
import { splitStatements } from '../../../src/sql/split-statements.js';

const parsed = (content: string) => [splitStatements({ path: 'base.sql', content })];

describe('EmbeddedSandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major: 16 });
  });
  afterAll(() => sandbox.close());

  const whoAmI = async (client: pg.Client) =>
    (await client.query<{ user: string; superuser: string }>("SELECT current_user AS user, current_setting('is_superuser') AS superuser")).rows[0]!;

  test('each branch runs as its own unprivileged role that owns the cloned objects', async () => {
    const base = await sandbox.prepareBase(parsed('CREATE TABLE t (id int);'));
    const branch = await sandbox.openBranch(base);
    const client = await branch.connect('test');
    try {
      const me = await whoAmI(client);
      expect(me.superuser).toBe('off');
      expect(me.user).toMatch(/^pgdr_r_/);
      await client.query('ALTER TABLE t ADD COLUMN b int'); // owns what the base created
    } finally {
      await client.end();
      await branch.drop();
    }
  });

  test('a review cannot drop, connect to or signal another review, nor touch the template', async () => {
    const base = await sandbox.prepareBase(parsed('CREATE TABLE t (id int);'));
    const [mine, theirs] = [await sandbox.openBranch(base), await sandbox.openBranch(base)];
    const client = await mine.connect('hostile');
    const victim = await theirs.connect('victim');
    try {
      await expect(client.query(`DROP DATABASE ${theirs.database}`)).rejects.toThrow(/must be owner/);
      await expect(client.query(`DROP DATABASE ${base.templateDatabase}`)).rejects.toThrow(/must be owner|cannot drop a template/);
      await expect(client.query(`ALTER DATABASE ${base.templateDatabase} ALLOW_CONNECTIONS true`)).rejects.toThrow(/must be owner/);
      const victimPid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await expect(client.query('SELECT pg_terminate_backend($1)', [victimPid])).rejects.toThrow(/permission denied|must be a member/);
      expect((await victim.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await client.end();
      await victim.end();
      await mine.drop();
      await theirs.drop();
    }
  });

  test('the same base is built once, also when two reviews ask at the same time', async () => {
    const files = parsed('CREATE TABLE once (id int);');
    const [a, b] = await Promise.all([sandbox.prepareBase(files), sandbox.prepareBase(files)]);
    expect(a.templateDatabase).toBe(b.templateDatabase);
  });

  test('a failing base names the file and line, and is not cached', async () => {
    const files = parsed('CREATE TABLE ok (id int);\nCREATE TABLE bad (x no_such_type);');
    await expect(sandbox.prepareBase(files)).rejects.toThrow(/applying base migration base\.sql line 2: type "no_such_type" does not exist/);
    await expect(sandbox.prepareBase(files)).rejects.toThrow(/line 2/);
  });

  test('dropping a branch removes its database and role; closing removes the data directory', async () => {
    const other = await EmbeddedSandbox.start({ major: 16 });
    const dataDir = other.dataDir;
    const branch = await other.openBranch(await other.prepareBase([]));
    const client = await branch.connect('check');
    const role = (await whoAmI(client)).user;
    await client.end();
    await branch.drop();
    const survivor = await other.openBranch(await other.prepareBase([]));
    const look = await survivor.connect('look');
    const left = await look.query('SELECT (SELECT count(*) FROM pg_database WHERE datname = $1)::int AS dbs, (SELECT count(*) FROM pg_roles WHERE rolname = $2)::int AS roles', [branch.database, role]);
    expect(left.rows[0]).toEqual({ dbs: 0, roles: 0 });
    await look.end();
    expect(existsSync(dataDir)).toBe(true);
    await other.close();
    expect(existsSync(dataDir)).toBe(false);
  });
});
