import { inspectionsOf, reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const SHOP = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, total bigint);
INSERT INTO customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 500) g;
INSERT INTO orders SELECT g, 1 + g % 500, CASE WHEN g % 50 = 0 THEN 'open' ELSE 'done' END, g FROM generate_series(1, 20000) g;
ANALYZE customers; ANALYZE orders;`;

describe('indexing inspections on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('a new foreign key without an index is flagged with the CREATE INDEX CONCURRENTLY to add', async () => {
    const review = await reviewSql(sandbox(), {
      base: SHOP,
      migrations: ['SELECT 1;\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;'],
    });
    expect(inspectionsOf(review, 'fk-without-index')).toEqual([
      expect.objectContaining({
        section: 'indexing',
        object: 'public.orders.orders_customer_fk',
        sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);',
        file: 'migrations/0001.sql',
        line: 2,
      }),
    ]);
  });

  test('a foreign key whose columns lead an index is not flagged', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${SHOP}\nCREATE INDEX orders_customer_status_idx ON orders (customer_id, status);`,
      migrations: ['ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;'],
    });
    expect(inspectionsOf(review, 'fk-without-index')).toEqual([]);
  });

  test('a new index that duplicates an existing one, and one that is a prefix of another', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${SHOP}\nCREATE INDEX orders_status_idx ON orders (status);\nCREATE INDEX orders_customer_status_idx ON orders (customer_id, status);`,
      migrations: ['CREATE INDEX CONCURRENTLY orders_status_again ON orders (status);\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);'],
    });
    expect(inspectionsOf(review, 'duplicate-index')).toEqual([
      expect.objectContaining({ object: 'public.orders_status_again', sql: 'DROP INDEX CONCURRENTLY public.orders_status_again;', line: 1 }),
    ]);
    expect(inspectionsOf(review, 'duplicate-index')[0]!.message).toContain('public.orders_status_idx');
    expect(inspectionsOf(review, 'redundant-index')).toEqual([
      expect.objectContaining({ object: 'public.orders_customer_idx', line: 2 }),
    ]);
  });

  test('a plain index on the primary key column repeats the unique index', async () => {
    const review = await reviewSql(sandbox(), { base: SHOP, migrations: ['CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);'] });
    expect(inspectionsOf(review, 'redundant-index')).toEqual([
      expect.objectContaining({ object: 'public.orders_id_idx', message: expect.stringContaining('repeats the columns of the unique index public.orders_pkey') }),
    ]);
  });

  test('a failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index, which is flagged', async () => {
    const review = await reviewSql(sandbox(), {
      base: SHOP,
      migrations: ['CREATE UNIQUE INDEX CONCURRENTLY orders_status_key ON orders (status);'],
    });
    expect(review.migrations[0]!.status).toBe('failed');
    expect(inspectionsOf(review, 'invalid-index')).toEqual([
      expect.objectContaining({ object: 'public.orders_status_key', sql: 'DROP INDEX CONCURRENTLY IF EXISTS public.orders_status_key;', line: 1 }),
    ]);
    expect(review.schemaDiff).toContainEqual(expect.objectContaining({ change: 'added', kind: 'index', name: 'public.orders_status_key', detail: expect.stringContaining('(INVALID)') }));
  });

  test('EXPLAIN: a new index turns the configured query from a sequential scan into an index scan, and says which query uses it', async () => {
    const review = await reviewSql(sandbox(), {
      base: SHOP,
      migrations: ['CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);'],
      queries: ["SELECT * FROM orders WHERE status = 'open'", 'SELECT count(*) FROM customers'],
    });
    const [byStatus] = review.explain;
    expect(byStatus!.before!.seqScans).toEqual(['orders']);
    expect(byStatus!.after!.seqScans).toEqual([]);
    expect(byStatus!.after!.nodes.some((n) => /Index/.test(n))).toBe(true);
    expect(byStatus!.after!.indexes).toEqual(['orders_status_idx']);
    expect(byStatus!.regression).toBe(false);
    expect(byStatus!.costRatio).toBeLessThan(1);
    expect(inspectionsOf(review, 'new-index')).toEqual([
      expect.objectContaining({ object: 'public.orders_status_idx', line: 1, message: expect.stringContaining('Used by query 1 of the configured queries') }),
    ]);
  });

  test('EXPLAIN: dropping the index the query used is a regression', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${SHOP}\nCREATE INDEX orders_status_idx ON orders (status);`,
      migrations: ['DROP INDEX CONCURRENTLY orders_status_idx;'],
      queries: ["SELECT * FROM orders WHERE status = 'open'"],
    });
    const [byStatus] = review.explain;
    expect(byStatus!.before!.seqScans).toEqual([]);
    expect(byStatus!.after!.seqScans).toEqual(['orders']);
    expect(byStatus!.regression).toBe(true);
    expect(byStatus!.costRatio).toBeGreaterThan(1);
  });

  test('EXPLAIN of a broken query is a note, not a crash', async () => {
    const review = await reviewSql(sandbox(), {
      base: SHOP,
      migrations: ['ALTER TABLE orders ADD COLUMN note text;'],
      queries: ['SELECT * FROM no_such_table', 'SELEKT 1'],
    });
    expect(review.verdict).toBe('pass');
    expect(review.explain.map((e) => e.error)).toEqual(['relation "no_such_table" does not exist', 'syntax error at or near "SELEKT"']);
  });
});
