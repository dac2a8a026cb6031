import { buildSchemaDiff } from '../../../src/inspect/build-schema-diff.js';
import { restrictToRelations, touchedSince } from '../../../src/inspect/catalog-snapshot.js';
import { findChangedRelations } from '../../../src/inspect/find-changed-relations.js';
import { getCatalogSnapshot } from '../../../src/inspect/get-catalog-snapshot.js';
import { snapshotBranch } from '../../../src/inspect/snapshot-branch.js';
import { snapshotChanges } from '../../../src/inspect/snapshot-changes.js';
import type { BaseState, Branch } from '../../../src/review/ports.js';
import { EmbeddedSandbox } from '../../../src/sandbox/embedded.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { probeSession } from '../../../src/trace/probe-session.js';
import { observingBranch } from '../../helpers/observe-queries.js';

/** Issue 13: the catalog after the change is read as what the change touched, not the whole schema. */
const tables = (count: number) =>
  "CREATE TYPE mood AS ENUM ('ok');\nCREATE DOMAIN positive AS int;\nCREATE FUNCTION base_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n" +
  Array.from({ length: count }, (_, i) => `CREATE TABLE b${i} (id bigint PRIMARY KEY, parent_id bigint${i > 0 ? ` REFERENCES b${i - 1} (id)` : ''}, name text);\nCREATE INDEX b${i}_name_idx ON b${i} (name);`).join('\n');

/** Counts the catalog rows a branch's sessions receive. */
function countingBranch(branch: Branch): { branch: Branch; rows: () => number } {
  let rows = 0;
  return { rows: () => rows, branch: observingBranch(branch, (_, result) => (rows += result.rows?.length ?? 0)) };
}

/** A clone of `base` with `sql` applied by the review's role, its catalog as read before, and a full read of it after. */
async function changedBranch(sandbox: EmbeddedSandbox, base: BaseState, sql: string) {
  const branch = await sandbox.openBranch(base);
  const before = await snapshotBranch(branch, [], base);
  const client = await branch.connect('test');
  for (const statement of splitStatements({ path: 'new.sql', content: sql }).statements) await client.query(statement.text);
  await client.end();
  const readWhole = async () => {
    const whole = await branch.connect('test whole');
    try {
      return await getCatalogSnapshot(whole);
    } finally {
      await whole.end();
    }
  };
  return { branch, before, readWhole };
}

describe('snapshotChanges', () => {
  let sandbox: EmbeddedSandbox;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major: 16 });
  });
  afterAll(() => sandbox.close());

  const cases: Array<[string, string, string[]]> = [
    ['a column and an index', 'ALTER TABLE b7 ADD COLUMN note text DEFAULT \'x\'; CREATE INDEX b7_parent_idx ON b7 (parent_id);', ['public.b7']],
    ['a new table with a foreign key', 'CREATE TABLE c (id int PRIMARY KEY, b_id bigint REFERENCES b3 (id));', ['public.b3']],
    ['a dropped index and constraint', 'DROP INDEX b5_name_idx; ALTER TABLE b6 DROP CONSTRAINT b6_parent_id_fkey;', ['public.b5_name_idx', 'public.b5', 'public.b6']],
    ['a renamed table (its foreign keys read again)', 'ALTER TABLE b9 RENAME TO renamed;', ['public.b9']],
    ['a dropped table', 'DROP TABLE b15 CASCADE;', ['public.b15', 'public.b16']],
  ];
  // Types, functions, schemas and extensions: created, changed and dropped ones alike.
  const globalCases: Array<[string, string]> = [
    ['an enum label', "ALTER TYPE mood ADD VALUE 'great';"],
    ['a domain constraint', 'ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);'],
    ['a new function', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;'],
    ['a new schema', 'CREATE SCHEMA app;'],
    ['a dropped function (no newer row to find)', 'DROP FUNCTION base_fn();'],
    ['a dropped type', 'DROP TYPE mood;'],
  ];

  test.each(globalCases)('%s: the merged catalog equals a full read', async (_, sql) => {
    const base = await sandbox.prepareBase([splitStatements({ path: 'base-globals.sql', content: tables(5) })]);
    const { branch, before, readWhole } = await changedBranch(sandbox, base, sql);
    try {
      const merged = await snapshotChanges(branch, before.catalog, before.since, []);
      const full = await readWhole();
      expect(merged).toEqual(full);
      expect(await snapshotChanges(branch, before.catalog, before.since, [], { lockedIsComplete: true })).toEqual(full);
      expect(buildSchemaDiff(before.catalog, merged).length).toBeGreaterThan(0);
    } finally {
      await branch.drop();
    }
  });

  test.each(cases)('%s: the merged catalog equals a full read, compares as one, and rows read do not grow with the schema', async (_, sql, locked) => {
    const read: number[] = [];
    for (const size of [20, 40]) {
      const base = await sandbox.prepareBase([splitStatements({ path: `base-${size}.sql`, content: tables(size) })]);
      const { branch, before, readWhole } = await changedBranch(sandbox, base, sql);
      try {
        const counting = countingBranch(branch);
        const merged = await snapshotChanges(counting.branch, before.catalog, before.since, locked);
        read.push(counting.rows());
        const full = await readWhole();
        expect(merged).toEqual(full);
        // Knowing every relation the change locked (no statement ran outside a transaction), the same catalog.
        expect(await snapshotChanges(branch, before.catalog, before.since, locked, { lockedIsComplete: true })).toEqual(full);
        // The merged one is compared with its base through the relations read again only: same answers.
        const touched = touchedSince(merged, before.catalog)!;
        expect(touched.size).toBeGreaterThan(0);
        // What was read again is exactly the touched relations' part of the catalog.
        expect(restrictToRelations(merged, touched)).toEqual(restrictToRelations(full, touched));
        expect(touchedSince(full, before.catalog)).toBeUndefined();
        expect(buildSchemaDiff(before.catalog, merged)).toEqual(buildSchemaDiff(before.catalog, full));
        expect(buildSchemaDiff(before.catalog, merged).length).toBeGreaterThan(0);
        expect([...findChangedRelations(before.catalog, merged)].sort()).toEqual([...findChangedRelations(before.catalog, full)].sort());
      } finally {
        await branch.drop();
      }
    }
    // A full read returns about five rows per table (relation, two indexes, two constraints).
    expect(read[1]).toBeLessThanOrEqual(read[0]! + 2);
    expect(read[1]).toBeLessThan(40);
  });
});

describe('the per-statement probe reads what changed since the last one', () => {
  let sandbox: EmbeddedSandbox;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major: 16 });
  });
  afterAll(() => sandbox.close());

  test('in one transaction, each probe returns the relations of its statement, not every one created before', async () => {
    const branch = await sandbox.openBranch(await sandbox.prepareBase([splitStatements({ path: 'b.sql', content: 'CREATE TABLE t (id bigint PRIMARY KEY);' })]));
    const client = await branch.connect('test');
    try {
      await client.query('BEGIN');
      let probe = await probeSession(client);
      const counts: number[] = [];
      const lockCounts: number[] = [];
      let from = Number.MAX_SAFE_INTEGER;
      let to = 0;
      for (let i = 0; i < 60; i++) {
        await client.query(`CREATE TABLE w${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint REFERENCES t (id), name text)`);
        probe = await probeSession(client, { xid: probe.xid, cmin: probe.cmin, skipLocks: { from, to } });
        counts.push(probe.relations.size);
        lockCounts.push(probe.locks.length);
        for (const oid of probe.relations.keys()) {
          from = Math.min(from, oid);
          to = Math.max(to, oid);
        }
      }
      // The table, its sequence and its primary key (and t, when the first foreign key marks it): the same for the 60th as for the first.
      expect(Math.max(...counts)).toBeLessThanOrEqual(4);
      expect(counts.at(-1)).toBe(3);
      // Locks on the relations created before are left out: only t's and the newest table's remain.
      expect(Math.max(...lockCounts.slice(1))).toBeLessThanOrEqual(lockCounts[1]! + 2);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
      await branch.drop();
    }
  });
});
