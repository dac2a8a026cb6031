import type pg from 'pg';
import { fillTables } from '../../../src/estimate/fill-tables.js';
import type { Branch } from '../../../src/review/ports.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const BASE = `
CREATE TABLE markers (what text);
CREATE FUNCTION mark_default() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO markers VALUES ('default evaluated'); RETURN 1; END $$;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE DOMAIN short_code AS varchar(8);
CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  code short_code NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  parent_id bigint REFERENCES orders (id),
  status order_status NOT NULL DEFAULT 'pending',
  total_cents integer NOT NULL CHECK (total_cents % 2 = 0),
  price numeric(8, 2),
  paid boolean,
  tags text[],
  meta jsonb,
  ref uuid UNIQUE,
  note varchar(5),
  defaulted int DEFAULT mark_default(),
  double_total bigint GENERATED ALWAYS AS (total_cents * 2) STORED
);
CREATE FUNCTION mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO markers VALUES (TG_TABLE_NAME || ' ' || TG_OP); RETURN NEW; END $$;
CREATE TRIGGER orders_mark BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION mark();
CREATE TRIGGER customers_mark AFTER INSERT ON customers FOR EACH STATEMENT EXECUTE FUNCTION mark();
CREATE TRIGGER customers_off AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION mark();
ALTER TABLE customers DISABLE TRIGGER customers_off;
CREATE TABLE points (p point NOT NULL);
CREATE TABLE ruled (id int);
CREATE RULE ruled_insert AS ON INSERT TO ruled DO INSTEAD NOTHING;
`;

describe('synthetic filling on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);
  let branch: Branch;
  let client: pg.Client;
  beforeAll(async () => {
    const base = await sandbox().prepareBase([splitStatements({ path: 'base.sql', content: BASE })]);
    branch = await sandbox().openBranch(base);
    client = await branch.connect('test fill');
  });
  afterAll(async () => {
    await client?.end();
  });

  test('respects primary, unique and foreign keys, NOT NULL, enums, lengths and CHECKs, fills the empty parent, and fires no user trigger nor DEFAULT', async () => {
    await client.query('BEGIN');
    const [orders, points, ruled] = await fillTables(client, [{ table: 'orders', rows: 5000 }, { table: 'points', rows: 10 }, { table: 'ruled', rows: 10 }], {
      parentRows: 300,
      stats: [{ table: 'public.orders', rows: 1, columns: [{ column: 'meta', nullFrac: 0.5 }, { column: 'paid', nullFrac: 1 }] }],
    });
    await client.query('COMMIT');
    // Half of the rows have an odd total_cents, which the CHECK refuses: they are skipped, not fatal.
    expect(orders).toMatchObject({ table: 'public.orders', parents: ['public.customers'] });
    expect(orders!.unfillable).toBeUndefined();
    expect(orders!.added).toBeGreaterThan(2000);
    expect(orders!.added).toBeLessThan(3000);
    expect(points!.unfillable).toMatch(/no generator for the type of the NOT NULL column p \(point\)/);
    expect(ruled!.unfillable).toMatch(/rewrite rules/);
    const q = async (sql: string) => (await client.query(sql)).rows[0];
    expect(await q('SELECT count(*)::int AS n FROM markers')).toEqual({ n: 0 });
    expect(await q('SELECT count(*)::int AS n, count(DISTINCT email)::int AS emails FROM customers')).toEqual({ n: 300, emails: 300 });
    expect(await q('SELECT count(*)::int AS orphans FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL')).toEqual({ orphans: 0 });
    expect(await q('SELECT count(DISTINCT customer_id)::int AS n FROM orders')).toEqual({ n: 300 });
    expect(await q('SELECT count(*) FILTER (WHERE meta IS NULL)::float / count(*) AS nulls, count(*) FILTER (WHERE paid IS NOT NULL)::int AS paid FROM orders')).toEqual({ nulls: expect.closeTo(0.5, 1), paid: 0 });
    expect(await q('SELECT bool_and(double_total = total_cents * 2) AS generated, max(length(note))::int AS note, count(DISTINCT status)::int AS statuses FROM orders')).toEqual({ generated: true, note: 5, statuses: 3 });
    // The triggers are back as they were: enabled, and the one the schema disabled still disabled.
    expect((await client.query("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")).rows).toEqual([
      { tgname: 'customers_mark', tgenabled: 'O' },
      { tgname: 'customers_off', tgenabled: 'D' },
      { tgname: 'orders_mark', tgenabled: 'O' },
    ]);
    await client.query('INSERT INTO customers (email, code) VALUES ($1, $2)', ['real@example.com', 'x']);
    expect(await q('SELECT count(*)::int AS n FROM markers')).toEqual({ n: 1 });
  });

  test('a second fill adds the missing rows, with keys above the rows already there', async () => {
    await client.query('BEGIN');
    const [again] = await fillTables(client, [{ table: 'customers', rows: 401 }]);
    await client.query('COMMIT');
    expect(again).toEqual(expect.objectContaining({ added: 100, total: 401 }));
  });

  test.each([
    // orders' own CHECK refuses the odd total_cents (half the rows): with the change's CHECK, candidate rows make up the count.
    { name: 'a CHECK the change adds filters the rows, and candidate rows make up the count', check: 'price >= 200', added: [400, 400], applied: true },
    { name: 'a CHECK no synthetic row passes is dropped: the rows are made as before', check: "note IN ('none')", added: [150, 250], applied: false },
    { name: 'a CHECK that cannot be evaluated before the change (a column it adds) is dropped', check: 'added_later > 0', added: [150, 250], applied: false },
  ])('$name', async ({ check, added, applied }) => {
    await client.query('BEGIN');
    await client.query('DELETE FROM orders');
    // Without the change's CHECK about half the prices are below 200: the key of a 400-row fill runs over 0..399.
    const [orders] = await fillTables(client, [{ table: 'orders', rows: 400 }], { changeChecks: { 'public.orders': [check] } });
    const below = (await client.query('SELECT count(*) FILTER (WHERE price < 200)::int AS n FROM orders')).rows[0].n;
    await client.query('ROLLBACK');
    expect(orders!.unfillable).toBeUndefined();
    expect(orders!.added).toBeGreaterThanOrEqual(added[0]!);
    expect(orders!.added).toBeLessThanOrEqual(added[1]!);
    expect(orders!.changeChecks).toEqual(applied ? [check] : undefined);
    if (applied) expect(below).toBe(0);
    else expect(below).toBeGreaterThan(50);
  });
});

describe('size hints on a table the base history left empty', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('EXPLAIN estimates production rows, and the trace still sees the table empty', async () => {
    const review = await reviewSql(sandbox(), {
      base: `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, status text NOT NULL);
CREATE TABLE markers (what text);
CREATE FUNCTION mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO markers VALUES ('fired'); RETURN NEW; END $$;
CREATE TRIGGER orders_mark BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION mark();`,
      migrations: ["ALTER TABLE orders ADD COLUMN note text; DO $$ BEGIN IF (SELECT count(*) FROM orders) + (SELECT count(*) FROM markers) > 0 THEN RAISE 'not empty'; END IF; END $$;"],
      queries: ['SELECT * FROM orders'],
      tableStats: [{ table: 'orders', rows: 25_000_000 }],
    });
    expect(review.verdict).not.toBe('error');
    expect(review.migrations[0]!.error).toBeUndefined();
    expect(review.migrations[0]!.status).toBe('applied');
    expect(review.explain[0]!.before!.rows).toBeGreaterThan(1_000_000);
    expect(review.explain[0]!.after!.rows).toBeGreaterThan(1_000_000);
    expect((review.inspections ?? []).find((n) => n.kind === 'table-size-hints')).toMatchObject({ section: 'performance', message: expect.stringContaining('public.orders 25000000 rows (empty in the sandbox') });
  });
});
