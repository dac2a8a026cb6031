import { buildInverseStatements } from '../../../src/inspect/build-inverse-statements.js';
import { buildSchemaDiff } from '../../../src/inspect/build-schema-diff.js';
import type { CatalogSnapshot, ConstraintSnapshot, IndexSnapshot, RelationSnapshot } from '../../../src/inspect/catalog-snapshot.js';
import { EMPTY_SNAPSHOT } from '../../../src/inspect/catalog-snapshot.js';
import { runInspections } from '../../../src/inspect/run-inspections.js';
import { runRules } from '../../../src/rules/run-rules.js';
import type { ParsedFile } from '../../../src/sql/parsed-statement.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import type { TracedMigration } from '../../../src/trace/traced-migration.js';

/**
 * Issue 13: inspections and rules did work per statement that grew with the statements before
 * it (a JSON serialisation of every statement per foreign key, a copy of every created table
 * per statement...). Counted, not timed: how often the statements' parse trees are read.
 */
let reads = 0;
const counting: ProxyHandler<object> = {
  get(target, key, receiver) {
    reads++;
    const value = Reflect.get(target, key, receiver) as unknown;
    return value && typeof value === 'object' ? new Proxy(value, counting) : value;
  },
};

const relation = (name: string): RelationSnapshot => ({
  oid: 0,
  name: `public.${name}`,
  schema: 'public',
  relname: name,
  kind: 'r',
  persistence: 'p',
  rowSecurity: false,
  forceRowSecurity: false,
  owner: 'the migration role',
  bytes: 8192,
  grants: [],
  columns: [{ num: 1, name: 'id', type: 'bigint', notNull: true, default: null }],
});
const primaryKey = (table: string): IndexSnapshot => ({
  name: `public.${table}_pkey`,
  relname: `${table}_pkey`,
  table: `public.${table}`,
  definition: `CREATE UNIQUE INDEX ${table}_pkey ON public.${table} USING btree (id)`,
  signature: `CREATE UNIQUE INDEX ON public.${table} USING btree (id)`,
  valid: true,
  unique: true,
  primary: true,
  columns: ['id'],
  partial: false,
  method: 'btree',
  bytes: 8192,
});
const constraint = (table: string, type: 'p' | 'f'): ConstraintSnapshot => ({
  name: type === 'p' ? `${table}_pkey` : `${table}_t_id_fkey`,
  table: `public.${table}`,
  type,
  definition: type === 'p' ? 'PRIMARY KEY (id)' : 'FOREIGN KEY (t_id) REFERENCES t(id)',
  validated: true,
  columns: type === 'p' ? ['id'] : ['t_id'],
  references: type === 'f' ? 'public.t' : null,
});
const snapshot = (tables: string[]): CatalogSnapshot => ({
  ...EMPTY_SNAPSHOT,
  relations: tables.map(relation),
  indexes: tables.map(primaryKey),
  constraints: tables.flatMap((t) => (t === 't' ? [constraint(t, 'p')] : [constraint(t, 'p'), constraint(t, 'f')])),
});

/** Reads of parse-tree nodes by every catalog inspection and rule, for `n` new tables with a foreign key each. */
function readsFor(n: number): number {
  const names = Array.from({ length: n }, (_, i) => `w${i}`);
  const parsed = splitStatements({
    path: 'new.sql',
    content: names.map((name) => `CREATE TABLE ${name} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint REFERENCES t (id), name text);`).join('\n'),
  });
  const file: ParsedFile = { ...parsed, statements: parsed.statements.map((s) => ({ ...s, node: new Proxy(s.node, counting) as typeof s.node })) };
  const migrations: TracedMigration[] = [
    {
      file,
      status: 'applied',
      transactionMode: 'single-transaction',
      statements: file.statements.map((statement) => ({ statement, durationMs: 1, walBytes: 0, rewrites: [], locks: [], rows: null, inTransaction: true, observed: false, lockTimeout: '0' })),
    },
  ];
  const before = snapshot(['t']);
  const after = snapshot(['t', ...names]);
  reads = 0;
  runInspections({ before, after, migrations, queries: [], rowsBefore: {}, exposedSchemas: [] });
  buildSchemaDiff(before, after);
  buildInverseStatements([file], before, after);
  runRules({ files: [file], migrations, pgMajor: 16 }, true);
  return reads;
}

test('inspections and rules read each statement a bounded number of times, however many come before it', () => {
  const small = readsFor(150);
  const large = readsFor(300);
  // Linear work doubles; quadratic work (what 5,000 new tables used to cost) would quadruple.
  expect(large / small).toBeLessThan(2.5);
});
