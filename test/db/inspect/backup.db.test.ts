import { inspectionsOf, reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const BASE = `
CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload text);
INSERT INTO events SELECT g, 'k' || (g % 7), repeat('x', 100) FROM generate_series(1, 5000) g;
CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
INSERT INTO audit (id) SELECT g FROM generate_series(1, 1234) g;`;

describe('backup & HA inspections on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('DROP TABLE, TRUNCATE and DROP COLUMN report the rows they held before the migration', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['ALTER TABLE events DROP COLUMN payload;\nTRUNCATE audit;', 'DROP TABLE events;'],
    });
    expect(inspectionsOf(review, 'data-destroyed').map(({ object, rows, file, line }) => ({ object, rows, file, line }))).toEqual([
      { object: 'public.events', rows: 5000, file: 'migrations/0001.sql', line: 1},
      { object: 'public.audit', rows: 1234, file: 'migrations/0001.sql', line: 2},
      { object: 'public.events', rows: 5000, file: 'migrations/0002.sql', line: 1},
    ]);
    expect(inspectionsOf(review, 'data-destroyed')[0]!.message).toContain('Drops column payload of public.events');
    expect(inspectionsOf(review, 'data-destroyed')[0]!.bytes).toBeGreaterThan(500_000);
    expect(inspectionsOf(review, 'restore-point')).toEqual([expect.objectContaining({ sql: "SELECT pg_create_restore_point('before-migration');" })]);
  });

  test('WAL per migration, and a rewrite that needs a second copy of the table on disk', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['ALTER TABLE events ALTER COLUMN id TYPE numeric;', 'ALTER TABLE audit ADD COLUMN note text;'],
    });
    const wal = inspectionsOf(review, 'wal-volume');
    expect(wal.map((n) => n.object)).toEqual(['migrations/0001.sql', 'migrations/0002.sql']);
    expect(wal[0]!.bytes).toBeGreaterThan(wal[1]!.bytes!);
    expect(wal[0]!.message).toContain('replica');
    const rewrite = inspectionsOf(review, 'rewrite-needs-free-disk');
    expect(rewrite).toEqual([expect.objectContaining({ object: 'public.events', line: 1, file: 'migrations/0001.sql' })]);
    expect(rewrite[0]!.bytes).toBeGreaterThan(500_000);
    expect(inspectionsOf(review, 'data-destroyed')).toEqual([]);
  });

  test('configured production sizes appear beside the sandbox figures', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['TRUNCATE audit;'],
      tableStats: [{ table: 'audit', rows: 90_000_000 }],
    });
    expect(inspectionsOf(review, 'data-destroyed')[0]!.message).toContain('held 1234 rows');
    expect(inspectionsOf(review, 'data-destroyed')[0]!.message).toContain('about 90000000 rows in production');
  });

  test('an UNLOGGED table is not replicated nor in physical backups', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ['CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);'] });
    expect(inspectionsOf(review, 'unlogged-table')).toEqual([
      expect.objectContaining({ object: 'public.cache', sql: 'ALTER TABLE public.cache SET LOGGED;', line: 1 }),
    ]);
  });
});
