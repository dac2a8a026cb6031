import pg from 'pg';
import { parseConfig } from '../../../src/config/parse-config.js';
import { parseStatsFile } from '../../../src/config/parse-stats-file.js';
import { runCli } from '../../helpers/run-cli.js';

/**
 * `pg-dba-review stats export` against a real PostgreSQL (this machine's, standing in for
 * production): what it writes must read back as the config's `tables:` (yaml) or as a
 * statistics file for `statsFile:` / `--stats` (json).
 */
const ADMIN_URL = process.env.PG_DBA_REVIEW_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `stats_export_${process.pid}`;
const url = () => {
  const parsed = new URL(ADMIN_URL);
  parsed.pathname = `/${DATABASE}`;
  return parsed.toString();
};

async function run(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('pg-dba-review stats export', () => {
  beforeAll(async () => {
    await run(ADMIN_URL, `CREATE DATABASE ${DATABASE}`);
    await run(url(), "CREATE TABLE orders (id int PRIMARY KEY, status text); INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN 'done' ELSE 'open' END FROM generate_series(1, 4000) g; ANALYZE orders;");
  });
  afterAll(() => run(ADMIN_URL, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));

  test('yaml reads back as the tables: section of the config', async () => {
    const result = await runCli(['stats', 'export', '--database-url', url()]);
    expect(result.code).toBe(0);
    expect(parseConfig(result.stdout).tables).toEqual({ 'public.orders': { rows: 4000 } });
  });

  test('json reads back as a statistics file, with column statistics', async () => {
    const result = await runCli(['stats', 'export', '--database-url', url(), '--format', 'json']);
    expect(result.code).toBe(0);
    const [orders] = parseStatsFile(result.stdout, 'stats.json');
    expect(orders).toMatchObject({ table: 'public.orders', rows: 4000 });
    expect(orders!.columns?.map((c) => c.column).sort()).toEqual(['id', 'status']);
  });

  test('a database it cannot reach is exit 2 with the reason', async () => {
    const result = await runCli(['stats', 'export', '--database-url', 'postgres://postgres@127.0.0.1:1/none']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/connecting to the database for stats export: .*ECONNREFUSED/);
    expect(result.stdout).toBe('');
  });
});
