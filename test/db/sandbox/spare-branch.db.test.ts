import { EmbeddedSandbox } from '../../../src/sandbox/embedded.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import type { Branch } from '../../../src/review/ports.js';

const parsed = (content: string) => [splitStatements({ path: 'base.sql', content })];

async function reviewDatabases(branch: Branch): Promise<string[]> {
  const client = await branch.connect('test');
  try {
    return (await client.query<{ name: string }>("SELECT datname AS name FROM pg_database WHERE datname LIKE 'pgdr\\_review\\_%' ORDER BY 1")).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('the spare branch: a clone per base made ahead for the next review', () => {
  let sandbox: EmbeddedSandbox;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major: 16, spareBranch: true });
  });
  afterAll(() => sandbox.close());

  test('the next review of a base gets the clone made while the previous one ran, untouched by it', async () => {
    const base = await sandbox.prepareBase(parsed('CREATE TABLE spare_t (id int);'));
    const first = await sandbox.openBranch(base);
    await sandbox.sparesSettled();
    const databases = await reviewDatabases(first);
    const [spare] = databases.filter((name) => name !== first.database);
    expect(databases).toHaveLength(2);

    const client = await first.connect('test');
    await client.query('ALTER TABLE spare_t ADD COLUMN changed int');
    await client.end();
    await first.drop();

    const second = await sandbox.openBranch(base);
    expect(second.database).toBe(spare);
    const other = await second.connect('test');
    try {
      const columns = await other.query("SELECT attname FROM pg_attribute WHERE attrelid = 'spare_t'::regclass AND attnum > 0");
      expect(columns.rows).toEqual([{ attname: 'id' }]);
      expect((await other.query<{ user: string }>('SELECT current_user AS user')).rows[0]!.user).toMatch(/^pgdr_r_/);
    } finally {
      await other.end();
      await second.drop();
    }
  });

  test('a spare removed meanwhile (a sweeper) is replaced by a fresh clone', async () => {
    const base = await sandbox.prepareBase(parsed('CREATE TABLE swept_t (id int);'));
    const first = await sandbox.openBranch(base);
    await first.drop();
    await sandbox.sparesSettled();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const swept = await sandbox.sweepLeftovers(0);
    expect(swept.databases.length).toBeGreaterThan(0);

    const second = await sandbox.openBranch(base);
    const client = await second.connect('test');
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM swept_t')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
      await second.drop();
    }
  });

  test('without the option no clone is made ahead', async () => {
    const plain = await EmbeddedSandbox.start({ major: 16 });
    try {
      const base = await plain.prepareBase(parsed('CREATE TABLE plain_t (id int);'));
      const branch = await plain.openBranch(base);
      await plain.sparesSettled();
      expect(await reviewDatabases(branch)).toEqual([branch.database]);
      await branch.drop();
    } finally {
      await plain.close();
    }
  });
});
