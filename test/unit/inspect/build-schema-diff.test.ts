import { buildSchemaDiff } from '../../../src/inspect/build-schema-diff.js';
import { buildVerificationQueries } from '../../../src/inspect/build-verification-queries.js';
import { EMPTY_SNAPSHOT, type CatalogSnapshot, type RelationSnapshot } from '../../../src/inspect/catalog-snapshot.js';

const relation = (name: string, columns: string[]): RelationSnapshot => ({
  oid: 1,
  name,
  schema: name.split('.')[0]!,
  relname: name.split('.')[1]!,
  kind: 'r',
  persistence: 'p',
  rowSecurity: false,
  forceRowSecurity: false,
  owner: 'app',
  bytes: 0,
  grants: [],
  columns: columns.map((c, i) => ({ num: i + 1, name: c, type: 'text', notNull: false, default: null })),
});

const snapshot = (relations: RelationSnapshot[], extra: Partial<CatalogSnapshot> = {}): CatalogSnapshot => ({ ...EMPTY_SNAPSHOT, relations, ...extra });

describe('buildSchemaDiff', () => {
  test('the columns and indexes of a created or dropped table go with it', () => {
    const before = snapshot([relation('public.old', ['a'])], {
      indexes: [{ name: 'public.old_a', relname: 'old_a', table: 'public.old', definition: 'CREATE INDEX old_a ON public.old USING btree (a)', signature: '', valid: true, unique: false, primary: false, columns: ['a'], partial: false, method: 'btree', bytes: 0 }],
    });
    const after = snapshot([relation('public.new', ['b', 'c'])]);
    expect(buildSchemaDiff(before, after)).toEqual([
      { change: 'added', kind: 'table', name: 'public.new', detail: 'row security off, owner app' },
      { change: 'removed', kind: 'table', name: 'public.old', detail: 'row security off, owner app' },
    ]);
  });

  test('a column added to an existing table is listed, with a post-deploy check', () => {
    const diff = buildSchemaDiff(snapshot([relation('public.t', ['a'])]), snapshot([relation('public.t', ['a', 'b'])]));
    expect(diff).toEqual([{ change: 'added', kind: 'column', name: 'public.t.b', detail: 'text' }]);
    expect(buildVerificationQueries(diff)).toEqual([
      {
        check: 'column public.t.b exists',
        sql: "SELECT pg_catalog.format_type(atttypid, atttypmod), attnotnull FROM pg_catalog.pg_attribute WHERE attrelid = 'public.t'::pg_catalog.regclass AND attname = 'b' AND NOT attisdropped;",
        expect: 'text, false',
      },
    ]);
  });

  test('identical snapshots have no differences', () => {
    const s = snapshot([relation('public.t', ['a'])]);
    expect(buildSchemaDiff(s, s)).toEqual([]);
  });

  test('names that need quoting are quoted in the checks', () => {
    const diff = buildSchemaDiff(snapshot([]), snapshot([relation('public.Order Items', ['x'])]));
    expect(buildVerificationQueries(diff)[0]!.sql).toBe(`SELECT pg_catalog.to_regclass('public."Order Items"') IS NOT NULL;`);
  });
});
