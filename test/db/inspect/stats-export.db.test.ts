import { listTableStats } from '../../../src/inspect/list-table-stats.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { useEmbeddedSandbox } from '../../helpers/review-sql.js';

describe('stats export on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('reads the row estimates of analyzed tables from the catalog only', async () => {
    const base = await sandbox().prepareBase([
      splitStatements({
        path: 'base.sql',
        content: `CREATE TABLE orders (id int PRIMARY KEY);
INSERT INTO orders SELECT generate_series(1, 3000);
CREATE TABLE never_analyzed (id int);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id int);
INSERT INTO billing.invoices SELECT generate_series(1, 10);
ANALYZE orders; ANALYZE billing.invoices;`,
      }),
    ]);
    const branch = await sandbox().openBranch(base);
    const client = await branch.connect('test stats export');
    try {
      expect(await listTableStats(client)).toEqual([
        { table: 'billing.invoices', rows: 10, bytes: expect.any(Number) },
        { table: 'public.orders', rows: 3000, bytes: expect.any(Number) },
      ]);
    } finally {
      await client.end();
      await branch.drop();
    }
  });
});
