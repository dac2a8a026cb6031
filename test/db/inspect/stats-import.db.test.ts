import { listColumnStats } from '../../../src/inspect/list-column-stats.js';
import { listTableStats } from '../../../src/inspect/list-table-stats.js';
import type { TableStatsHint } from '../../../src/review/ports.js';
import type { Sandbox } from '../../../src/review/ports.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { inspectionsOf, reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const SCHEMA = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\nCREATE INDEX orders_status_idx ON orders (status);\n';
/** In the sandbox 1% of orders are open; in "production" 90% are. */
const SANDBOX_DATA = `${SCHEMA}INSERT INTO orders SELECT g, CASE WHEN g % 100 = 0 THEN 'open' ELSE 'done' END FROM generate_series(1, 20000) g;\nANALYZE orders;`;
const PRODUCTION_DATA = `${SCHEMA}INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'done' ELSE 'open' END FROM generate_series(1, 30000) g;\nANALYZE orders;`;
const QUERY = "SELECT * FROM orders WHERE status = 'open'";

/** What `stats export --format json` would write for a database built from `sql`. */
async function exportStats(sandbox: Sandbox, sql: string): Promise<TableStatsHint[]> {
  const branch = await sandbox.openBranch(await sandbox.prepareBase([splitStatements({ path: 'production.sql', content: sql })]));
  const client = await branch.connect('test export');
  try {
    const columns = await listColumnStats(client);
    return (await listTableStats(client)).map(({ table, rows }) => ({ table, rows: rows * 100, columns: columns.get(table) ?? [] }));
  } finally {
    await client.end();
    await branch.drop();
  }
}

describe('production statistics on PostgreSQL 18', () => {
  const sandbox = useEmbeddedSandbox(18);

  test('column statistics from production change the plan of the configured query', async () => {
    const production = await exportStats(sandbox(), PRODUCTION_DATA);
    expect(production[0]!.columns!.find((c) => c.column === 'status')).toMatchObject({ mostCommonVals: '{open,done}' });
    const plain = await reviewSql(sandbox(), { base: SANDBOX_DATA, migrations: ['ALTER TABLE orders ADD COLUMN note text;'], queries: [QUERY] });
    const hinted = await reviewSql(sandbox(), { base: SANDBOX_DATA, migrations: ['ALTER TABLE orders ADD COLUMN note text;'], queries: [QUERY], tableStats: production });
    expect(plain.explain[0]!.before!.rows).toBeLessThan(1_000);
    expect(hinted.explain[0]!.before!.rows).toBeGreaterThan(2_000_000);
    expect(hinted.explain[0]!.before!.seqScans).toEqual(['orders']);
    expect(plain.explain[0]!.before!.seqScans).toEqual([]);
    expect(inspectionsOf(hinted, 'table-size-hints')[0]!.message).toMatch(/public\.orders 3000000 rows.*column statistics restored for 2 columns/i);
  });
});

describe('production statistics before PostgreSQL 18', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('row counts apply, column statistics are reported as needing 18', async () => {
    const review = await reviewSql(sandbox(), {
      base: SANDBOX_DATA,
      migrations: ['ALTER TABLE orders ADD COLUMN note text;'],
      queries: [QUERY],
      tableStats: [{ table: 'public.orders', rows: 3_000_000, columns: [{ column: 'status', mostCommonVals: '{open,done}', mostCommonFreqs: [0.9, 0.1] }] }],
    });
    expect(inspectionsOf(review, 'table-size-hints')[0]!.message).toContain('needs PostgreSQL 18');
    expect(review.explain[0]!.before!.rows).toBeGreaterThan(10_000);
  });
});
