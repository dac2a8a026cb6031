import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const BASE = `
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL DEFAULT 'new');
INSERT INTO orders SELECT g, g % 100, 'new' FROM generate_series(1, 2000) g;`;

const UP = `CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id));`;

describe('rollback verification and schema diff on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('schema diff base → head lists tables, columns, indexes and changed defaults', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [UP] });
    expect(review.schemaDiff).toEqual(
      expect.arrayContaining([
        { change: 'added', kind: 'table', name: 'public.shipments', detail: 'row security off, owner the migration role' },
        { change: 'added', kind: 'column', name: 'public.orders.shipped_at', detail: 'timestamp with time zone' },
        { change: 'changed', kind: 'column', name: 'public.orders.status', detail: "text NOT NULL DEFAULT 'new'::text → text NOT NULL DEFAULT 'pending'::text" },
        { change: 'added', kind: 'index', name: 'public.orders_customer_idx', detail: 'CREATE INDEX orders_customer_idx ON public.orders USING btree (customer_id)' },
      ]),
    );
    // The columns and constraints of a new table go with it.
    expect(review.schemaDiff!.filter((c) => c.name.startsWith('public.shipments.'))).toEqual([]);
    expect(review.verificationQueries!.map((q) => q.check)).toEqual(
      expect.arrayContaining(['index public.orders_customer_idx is valid and ready', 'column public.orders.shipped_at exists', 'table public.shipments exists']),
    );
  });

  test('a down migration that changes what the up migration never locked: the change is still found (its own locks are read before it commits)', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}\nCREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));`,
      migrations: ['CREATE INDEX orders_status_idx ON orders (status);'],
      // Dropping a foreign key writes no pg_class row: only the lock on refunds says it changed.
      down: ['DROP INDEX orders_status_idx;\nALTER TABLE refunds DROP CONSTRAINT refunds_order_id_fkey;'],
    });
    expect(review.rollback?.status).toBe('differs');
    expect(review.rollback?.differences).toEqual([expect.objectContaining({ change: 'removed', kind: 'constraint', name: 'public.refunds.refunds_order_id_fkey' })]);
  });

  test('a correct down migration: rollback verified', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [UP],
      down: ["DROP TABLE shipments;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\nALTER TABLE orders DROP COLUMN shipped_at;\nDROP INDEX CONCURRENTLY orders_customer_idx;"],
    });
    expect(review.rollback).toEqual(
      expect.objectContaining({ source: 'down-migration', status: 'verified', files: ['migrations/0001.down.sql'], differences: [], inverse: [] }),
    );
  });

  test('an incomplete down migration: the exact differences from the base', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [UP],
      down: ['DROP TABLE shipments;\nALTER TABLE orders DROP COLUMN shipped_at;'],
    });
    expect(review.rollback!.status).toBe('differs');
    expect(review.rollback!.differences).toEqual([
      { change: 'changed', kind: 'column', name: 'public.orders.status', detail: "text NOT NULL DEFAULT 'new'::text → text NOT NULL DEFAULT 'pending'::text" },
      { change: 'added', kind: 'index', name: 'public.orders_customer_idx', detail: 'CREATE INDEX orders_customer_idx ON public.orders USING btree (customer_id)' },
    ]);
  });

  test('a replaced view shows its old and new query in the schema diff, and the old view is restored', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}\nCREATE VIEW open_orders AS SELECT id FROM orders WHERE status = 'new';`,
      migrations: ["CREATE OR REPLACE VIEW open_orders AS SELECT id, customer_id FROM orders WHERE status = 'new';"],
    });
    expect(review.schemaDiff).toContainEqual(
      expect.objectContaining({ change: 'changed', kind: 'view', name: 'public.open_orders', detail: expect.stringMatching(/AS SELECT id FROM .*→ AS SELECT id, customer_id FROM/) }),
    );
    expect(review.rollback!.inverse).toEqual([
      expect.objectContaining({ inverse: expect.stringMatching(/^DROP VIEW public\.open_orders;\nCREATE VIEW public\.open_orders AS SELECT id\s+FROM public\.orders/) }),
    ]);
    expect(review.rollback).toMatchObject({ source: 'generated', status: 'verified' });
  });

  test('a replaced function is restored from its base definition', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}\nCREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.orders $$;`,
      migrations: ["CREATE OR REPLACE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.orders WHERE status <> 'void' $$;"],
    });
    expect(review.schemaDiff).toEqual([expect.objectContaining({ change: 'changed', kind: 'function', name: 'public.order_count()' })]);
    expect(review.rollback!.inverse[0]!.inverse).toMatch(/^CREATE OR REPLACE FUNCTION public\.order_count\(\)[\s\S]*SELECT count\(\*\) FROM public\.orders \$function\$;$/);
    expect(review.rollback).toMatchObject({ source: 'generated', status: 'verified' });
  });

  test('dropped views, triggers and functions are recreated from the base catalog', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}
CREATE VIEW new_orders AS SELECT id FROM orders WHERE status = 'new';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();`,
      migrations: ['DROP VIEW new_orders;\nDROP TRIGGER orders_touch ON orders;\nDROP FUNCTION touch();'],
    });
    expect(review.rollback!.inverse.map((i) => i.inverse?.split(' ').slice(0, 3).join(' '))).toEqual(['CREATE OR REPLACE', 'CREATE TRIGGER orders_touch', 'CREATE VIEW public.new_orders']);
    expect(review.rollback).toMatchObject({ source: 'generated', status: 'verified' });
  });

  test('a down migration that fails is reported with its line', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [UP], down: ['DROP TABLE shipments;\nDROP TABLE no_such_table;'] });
    expect(review.rollback).toEqual(
      expect.objectContaining({ status: 'failed', error: { file: 'migrations/0001.down.sql', line: 2, message: 'table "no_such_table" does not exist' } }),
    );
  });

  test('without a down migration the inverse statements are generated, run and verified', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [UP] });
    expect(review.rollback).toEqual(expect.objectContaining({ source: 'generated', status: 'verified', differences: [] }));
    expect(review.rollback!.inverse.map((i) => i.inverse)).toEqual([
      'DROP TABLE public.shipments;',
      "ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'new'::text;",
      'ALTER TABLE public.orders DROP COLUMN IF EXISTS shipped_at;',
      'DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_idx;',
    ]);
  });

  test('changes to a column the migration added go with its DROP COLUMN (the bundled safe example)', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ["SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN tracking_id uuid;\nALTER TABLE orders ALTER COLUMN tracking_id SET DEFAULT gen_random_uuid();"],
    });
    expect(review.rollback).toEqual(expect.objectContaining({ source: 'generated', status: 'verified' }));
    expect(review.rollback!.inverse.map((i) => i.inverse)).toEqual([
      '-- nothing to undo: it changes only what the migrations added',
      'ALTER TABLE public.orders DROP COLUMN IF EXISTS tracking_id;',
    ]);
  });

  test('irreversible statements are marked and the generated rollback is not run', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['ALTER TABLE orders ADD COLUMN note text;\nDELETE FROM orders WHERE id > 1000;\nALTER TABLE orders DROP COLUMN status;'],
    });
    expect(review.rollback!.status).toBe('not-verified');
    expect(review.rollback!.reason).toContain('2 statements destroy data');
    expect(review.rollback!.inverse).toEqual([
      expect.objectContaining({ line: 3, irreversible: 'dropping column status destroys its values' }),
      expect.objectContaining({ line: 2, irreversible: expect.stringContaining('deleted rows') }),
      expect.objectContaining({ line: 1, inverse: 'ALTER TABLE public.orders DROP COLUMN IF EXISTS note;' }),
    ]);
  });
});

describe('rollback of types, domains and triggers on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('generated inverses for a schema, enum, domain, composite type and trigger are verified', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [
        [
          'CREATE SCHEMA billing;',
          "CREATE TYPE billing.state AS ENUM ('open', 'paid');",
          'CREATE DOMAIN positive_cents AS bigint CHECK (VALUE > 0);',
          'CREATE TYPE money_pair AS (amount bigint, currency text);',
          'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;',
          'CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();',
        ].join('\n'),
      ],
    });
    expect(review.schemaDiff!.map((c) => `${c.change} ${c.kind} ${c.name}`)).toEqual(
      expect.arrayContaining(['added trigger public.orders.orders_touch', 'added type billing.state', 'added type public.positive_cents', 'added type public.money_pair']),
    );
    expect(review.schemaDiff).toContainEqual({ change: 'added', kind: 'type', name: 'billing.state', detail: "enum 'open', 'paid'" });
    expect(review.rollback).toEqual(expect.objectContaining({ source: 'generated', status: 'verified', differences: [] }));
  });

  test('a down migration that leaves an added enum value behind is told exactly that', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}\nCREATE TYPE state AS ENUM ('open', 'paid');`,
      migrations: [
        "ALTER TYPE state ADD VALUE 'void';\nCREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();",
      ],
      down: ['DROP FUNCTION touch() CASCADE;'],
    });
    expect(review.rollback!.status).toBe('differs');
    expect(review.rollback!.differences).toEqual([{ change: 'changed', kind: 'type', name: 'public.state', detail: "enum 'open', 'paid' → enum 'open', 'paid', 'void'" }]);
  });
});
