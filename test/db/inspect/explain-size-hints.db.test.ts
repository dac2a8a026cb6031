import { inspectionsOf, reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const SHOP = `
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 500, 'done' FROM generate_series(1, 20000) g;
ANALYZE orders;
CREATE TABLE empty_table (id int);`;
const QUERY = 'SELECT * FROM orders WHERE customer_id = 42';

describe('EXPLAIN with production table sizes on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('a rows hint makes the planner estimate production-sized results, before and after the migration', async () => {
    const plain = await reviewSql(sandbox(), { base: SHOP, migrations: ['CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);'], queries: [QUERY] });
    const hinted = await reviewSql(sandbox(), {
      base: SHOP,
      migrations: ['CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);'],
      queries: [QUERY],
      tableStats: [{ table: 'orders', rows: 50_000_000 }, { table: 'empty_table', rows: 10 }, { table: 'missing', rows: 5 }],
    });
    const [p, h] = [plain.explain[0]!, hinted.explain[0]!];
    expect(p.before!.rows).toBeLessThan(100);
    expect(h.before!.rows).toBeGreaterThan(p.before!.rows! * 1000);
    expect(h.after!.rows).toBeGreaterThan(p.after!.rows! * 1000);
    expect(h.before!.totalCost).toBeGreaterThan(p.before!.totalCost * 100);
    expect(h.after!.indexes).toEqual(['orders_customer_idx']);
    expect(h.regression).toBe(false);
    expect(inspectionsOf(hinted, 'table-size-hints')).toEqual([
      expect.objectContaining({
        section: 'performance',
        message: expect.stringMatching(/public\.orders 50000000 rows.*public\.empty_table 10 rows \(empty in the sandbox: planned over a few pages of synthetic rows.*public\.missing \(no such table/),
      }),
    ]);
  });

  test('database-level settings a migration makes do not reach the privileged statistics session', async () => {
    const review = await reviewSql(sandbox(), {
      base: SHOP,
      migrations: [
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', current_database()); EXECUTE format('ALTER DATABASE %I SET search_path = public', current_database()); END $$;",
      ],
      queries: [QUERY],
      tableStats: [{ table: 'orders', rows: 50_000_000 }],
    });
    expect(review.verdict).toBe('pass');
    expect(inspectionsOf(review, 'table-size-hints')).toEqual([expect.objectContaining({ kind: 'table-size-hints' })]);
    expect(review.explain[0]!.after!.rows).toBeGreaterThan(10_000);
  });
});

