import { existsSync, rmSync } from 'node:fs';
import { renderComment } from '../../src/report/render-comment.js';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../helpers/review-sql.js';
import type { Review } from '../../src/report/review.js';

const ORDERS = `
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL, note text);
INSERT INTO orders (customer_id) SELECT g % 1000 FROM generate_series(1, 100000) g;`;

describe('the engine on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('CREATE INDEX takes ShareLock on the existing table: blocks writes, not reads', async () => {
    const review = await reviewSql(sandbox(), { base: ORDERS, migrations: ['CREATE INDEX orders_customer_idx ON orders (customer_id);'] });
    const [statement] = statementsOf(review);
    expect(statement!.kind).toBe('IndexStmt');
    expect(statement!.locks).toEqual([
      expect.objectContaining({ relation: 'public.orders', kind: 'table', mode: 'ShareLock', blocks: ['writes', 'ddl'] }),
    ]);
    expect(statement!.locks[0]!.blocks).not.toContain('reads');
    expect(statement!.rewrites).toEqual([]);
    expect(statement!.walBytes).toBeGreaterThan(0);
    expect(review.verdict).toBe('fail');
    expect(errorsOf(review).map((f) => f.rule)).toEqual(['require-concurrent-index']);
  });

  test('ADD COLUMN with a volatile default rewrites the table under AccessExclusiveLock', async () => {
    const review = await reviewSql(sandbox(), { base: ORDERS, migrations: ['ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();'] });
    const [statement] = statementsOf(review);
    expect(statement!.rewrites).toContain('public.orders');
    expect(statement!.locks).toContainEqual(
      expect.objectContaining({ relation: 'public.orders', mode: 'AccessExclusiveLock', blocks: ['reads', 'writes', 'ddl'] }),
    );
    expect(errorsOf(review)).toEqual([
      expect.objectContaining({ rule: 'table-rewrite-under-exclusive-lock', severity: 'error', line: 1, file: 'migrations/0001.sql' }),
    ]);
  });

  test('a rewrite inside a subtransaction (DO block with EXCEPTION) is still seen', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: ['SELECT 1;\nDO $$ BEGIN ALTER TABLE orders ALTER COLUMN customer_id TYPE numeric; EXCEPTION WHEN others THEN RAISE; END $$;'],
    });
    expect(statementsOf(review)[1]!.rewrites).toContain('public.orders');
  });

  test('ADD COLUMN with a constant default does not rewrite (PostgreSQL 11+)', async () => {
    const review = await reviewSql(sandbox(), { base: ORDERS, migrations: ["ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';"] });
    const [statement] = statementsOf(review);
    expect(statement!.rewrites).toEqual([]);
    expect(statement!.locks).toContainEqual(expect.objectContaining({ relation: 'public.orders', mode: 'AccessExclusiveLock' }));
    expect(review.verdict).toBe('pass');
  });

  test('CREATE INDEX CONCURRENTLY runs outside a transaction and is traced with ShareUpdateExclusiveLock', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: ["SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);"],
    });
    expect(review.migrations[0]).toMatchObject({ status: 'applied', transactionMode: 'autocommit' });
    const cic = statementsOf(review)[1]!;
    expect(cic).toMatchObject({ kind: 'IndexStmt', line: 2, inTransaction: false, lockTimeout: '2s' });
    expect(cic.locks).toContainEqual(expect.objectContaining({ relation: 'public.orders', mode: 'ShareUpdateExclusiveLock', blocks: ['ddl'] }));
    expect(cic.locks.map((l) => l.mode)).not.toContain('ShareLock');
    expect(review.verdict).toBe('pass');
  });

  test('a failing statement marks its migration failed, with the line of the error, and skips the rest', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: [
        '-- add two columns\nALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders\n  ADD COLUMN b int,\n  ADD COLUMN c no_such_type;\n',
        'ALTER TABLE orders ADD COLUMN d int;',
      ],
    });
    expect(review.migrations.map((m) => m.status)).toEqual(['failed', 'skipped']);
    expect(review.migrations[0]!.error).toEqual({ message: 'type "no_such_type" does not exist', line: 5 });
    expect(errorsOf(review)).toEqual([expect.objectContaining({ rule: 'migration-failed', line: 5, severity: 'error' })]);
    expect(review.verdict).toBe('fail');
  });

  test('a parse error is a finding on its line and the other migrations are still reviewed', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: ['ALTER TABLE orders ADD COLUMN a int;', 'SELECT 1;\n\nALTER TABLE orders ADD COLUMN;\n'],
    });
    expect(errorsOf(review)).toEqual([expect.objectContaining({ rule: 'syntax-error', line: 3, file: 'migrations/0002.sql' })]);
    expect(review.migrations.map((m) => m.status)).toEqual(['applied', 'failed']);
    expect(review.migrations[1]!.error?.line).toBe(3);
  });

  test('COPY ... FROM PROGRAM is refused: the command never runs', async () => {
    const marker = `/tmp/pg-dba-review-copy-program-${process.pid}`;
    rmSync(marker, { force: true });
    const review = await reviewSql(sandbox(), {
      base: 'CREATE TABLE loot (line text);',
      migrations: [`COPY loot FROM PROGRAM 'touch ${marker}';`],
    });
    expect(review.migrations[0]!.status).toBe('failed');
    expect(review.migrations[0]!.error?.message).toMatch(/pg_execute_server_program|superuser/);
    expect(statementsOf(review)[0]!.error?.code).toBe('42501');
    expect(existsSync(marker)).toBe(false);
  });

  test('the watchdog cancels a statement that lifted its own statement_timeout', async () => {
    const started = Date.now();
    const review = await reviewSql(sandbox(), {
      migrations: ['SET statement_timeout = 0;\nSELECT pg_sleep(60);'],
      statementLimitMs: 1000,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(review.migrations[0]).toMatchObject({ status: 'failed', error: { line: 2 } });
    expect(review.migrations[0]!.error!.message).toMatch(/time limit after 1 s/);
  });

  test('locks are held until the transaction commits, and only new locks are listed per statement', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: ['ALTER TABLE orders ADD COLUMN a int;\nSELECT pg_sleep(0.3);\nALTER TABLE orders ADD COLUMN b int;'],
    });
    const [first, sleep, second] = statementsOf(review);
    expect(first!.locks).toEqual([expect.objectContaining({ relation: 'public.orders', mode: 'AccessExclusiveLock' })]);
    expect(first!.locks[0]!.heldMs).toBeGreaterThanOrEqual(300);
    expect(sleep!.locks).toEqual([]);
    expect(second!.locks).toEqual([]);
  });

  test('a file with its own BEGIN/COMMIT runs as written', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: ['BEGIN;\nALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);'],
    });
    expect(review.migrations[0]).toMatchObject({ status: 'applied', transactionMode: 'explicit' });
    expect(statementsOf(review).map((s) => [s.kind, s.inTransaction])).toEqual([
      ['TransactionStmt', true],
      ['AlterTableStmt', true],
      ['TransactionStmt', true],
      ['IndexStmt', false],
    ]);
  });

  test('locks on tables created in the same migration are not reported', async () => {
    const review = await reviewSql(sandbox(), {
      migrations: ['CREATE TABLE fresh (id int);\nCREATE INDEX fresh_id_idx ON fresh (id);\nALTER TABLE fresh ADD COLUMN t uuid DEFAULT gen_random_uuid();'],
    });
    expect(statementsOf(review).flatMap((s) => s.locks)).toEqual([]);
    expect(review.findings).toEqual([]);
  });

  test('passwords never reach the report', async () => {
    const review = await reviewSql(sandbox(), { migrations: ["CREATE ROLE app LOGIN PASSWORD 'hunter2';"] });
    expect(JSON.stringify(review)).not.toContain('hunter2');
    expect(statementsOf(review)[0]!.sql).toContain("PASSWORD '[redacted]'");
    expect(review.migrations[0]!.status).toBe('applied'); // on 16+ under the review's own name for the role, dropped with the branch
  });

  test('a base history that does not apply makes the review "error", naming file and line', async () => {
    const review = await reviewSql(sandbox(), { base: 'CREATE TABLE a (id int);\nCREATE TABLE b (a_id int REFERENCES missing (id));', migrations: ['SELECT 1;'] });
    expect(review.verdict).toBe('error');
    expect(review.error?.message).toMatch(/base migration base\.sql line 2: relation "missing" does not exist/);
    expect(review.notEvaluated).toContain('require-concurrent-index');
    expect(review.migrations[0]!.status).toBe('skipped');
  });

  test('EXPLAIN before and after shows the plan change and flags no regression for a new index', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS + '\nANALYZE orders;',
      migrations: ['CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);'],
      queries: ['SELECT * FROM orders WHERE customer_id = 7', 'SELECT * FROM no_such_table'],
    });
    const [byCustomer, broken] = review.explain;
    expect(byCustomer!.before!.seqScans).toEqual(['orders']);
    expect(byCustomer!.after!.seqScans).toEqual([]);
    expect(byCustomer!.after!.totalCost).toBeLessThan(byCustomer!.before!.totalCost);
    expect(byCustomer!.regression).toBe(false);
    expect(broken!.error).toMatch(/relation "no_such_table" does not exist/);
  });

  test('a migration that does not apply fails the review even when the rules that explain it are turned off', async () => {
    const review = await reviewSql(sandbox(), {
      base: ORDERS,
      migrations: ['BEGIN;\nCREATE INDEX CONCURRENTLY orders_c ON orders (customer_id);\nCOMMIT;'],
      rules: { 'ban-concurrent-index-in-transaction': { severity: 'off', exclude: [] }, 'migration-failed': { severity: 'off', exclude: [] } },
    });
    expect(review.migrations[0]!.status).toBe('failed');
    expect(errorsOf(review)).toEqual([]);
    expect(review.verdict).toBe('fail');
    expect(renderComment(review)).toContain('**❌ Needs changes**: 1 migration that does not apply');
  });
});

/** The findings that fail the check; warnings (e.g. require-lock-timeout) are other tests' business. */
function errorsOf(review: Review) {
  return review.findings.filter((f) => f.severity === 'error');
}
