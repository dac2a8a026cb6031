import type { PostgresMajor } from '../../../src/sandbox/supported-versions.js';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../../helpers/review-sql.js';

/**
 * What the migration session's statistics counters (pg_stat_xact_all_tables) say each
 * statement read from the tables the base already had. These are the measurements the
 * scan-deciding rules rely on; PG_DBA_REVIEW_READS_MAJOR runs them on another major.
 */
const BASE = `CREATE TABLE big (id int PRIMARY KEY, a int, v varchar(10));
INSERT INTO big SELECT g, g, 'x' FROM generate_series(1, 2000) g;
CREATE TABLE empty (id int PRIMARY KEY, a int, v varchar(10));
CREATE TABLE proven (id int PRIMARY KEY, a int, CONSTRAINT proven_a_nn CHECK (a IS NOT NULL));
INSERT INTO proven SELECT g, g FROM generate_series(1, 500) g;
CREATE TABLE parent (id int PRIMARY KEY);
INSERT INTO parent SELECT g FROM generate_series(1, 2000) g;
CREATE TABLE ev (at int NOT NULL, x int) PARTITION BY RANGE (at);
CREATE TABLE ev_1 (at int NOT NULL, x int);
INSERT INTO ev_1 SELECT g, g FROM generate_series(1, 100) g;
CREATE TABLE ev_2 (at int NOT NULL, x int, CONSTRAINT ev_2_bound CHECK (at >= 101 AND at < 201));
INSERT INTO ev_2 SELECT g, g FROM generate_series(101, 200) g;
ALTER TABLE big ADD CONSTRAINT big_a_pos CHECK (a > 0) NOT VALID;
ALTER TABLE big ADD CONSTRAINT big_a_fk FOREIGN KEY (a) REFERENCES parent (id) NOT VALID;
ALTER TABLE empty ADD CONSTRAINT empty_a_pos CHECK (a > 0) NOT VALID;`;

type Scan = [relation: string, seqScans: number, tuplesRead: number];

const CASES: Array<[sql: string, scans: Scan[]]> = [
  ['ALTER TABLE big ALTER COLUMN a SET NOT NULL', [['public.big', 1, 2000]]],
  ['ALTER TABLE empty ALTER COLUMN a SET NOT NULL', [['public.empty', 1, 0]]],
  ['ALTER TABLE proven ALTER COLUMN a SET NOT NULL', []],
  ['ALTER TABLE big ADD CONSTRAINT c CHECK (a > 0)', [['public.big', 1, 2000]]],
  ['ALTER TABLE empty ADD CONSTRAINT c CHECK (a > 0)', [['public.empty', 1, 0]]],
  ['ALTER TABLE big ADD CONSTRAINT c CHECK (a > 0) NOT VALID', []],
  ['ALTER TABLE big ADD COLUMN z int CHECK (z > 0)', [['public.big', 1, 2000]]],
  ['ALTER TABLE big ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES parent (id)', [['public.big', 1, 2000], ['public.parent', 1, 2000]]],
  ['ALTER TABLE big ADD COLUMN parent_id int REFERENCES parent (id)', []],
  ['ALTER TABLE big VALIDATE CONSTRAINT big_a_pos', [['public.big', 1, 2000]]],
  ['ALTER TABLE big VALIDATE CONSTRAINT big_a_fk', [['public.big', 1, 2000], ['public.parent', 1, 2000]]],
  ['ALTER TABLE empty VALIDATE CONSTRAINT empty_a_pos', [['public.empty', 1, 0]]],
  ['ALTER TABLE ev ATTACH PARTITION ev_1 FOR VALUES FROM (1) TO (101)', [['public.ev_1', 1, 100]]],
  ['ALTER TABLE ev ATTACH PARTITION ev_2 FOR VALUES FROM (101) TO (201)', []],
  ['ALTER TABLE big ALTER COLUMN v TYPE varchar(20)', []],
  ['ALTER TABLE big ALTER COLUMN v TYPE text', []],
  ['ALTER TABLE big ALTER COLUMN a TYPE bigint', [['public.big', 2, 4000]]],
];

const major = Number(process.env.PG_DBA_REVIEW_READS_MAJOR ?? 16) as PostgresMajor;

describe(`per-statement table reads (PostgreSQL ${major})`, () => {
  const sandbox = useEmbeddedSandbox(major);

  test.each(CASES)('%s', async (sql, scans) => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [`${sql};`] });
    expect(review.migrations[0]!.status).toBe('applied');
    const reads = statementsOf(review)[0]!.reads ?? [];
    expect(reads.filter((r) => r.seqScans > 0).map((r) => [r.relation, r.seqScans, r.tuplesRead])).toEqual(scans);
  });

  test('data changes: rows touched out of the rows read, each statement its own difference', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ["UPDATE big SET v = lower(v) WHERE TRUE;\nUPDATE big SET v = 'y' WHERE id < 10;\nSELECT a FROM big WHERE id = 5;\nDELETE FROM big WHERE a > 0;"],
    });
    const [all, some, point, gone] = statementsOf(review).map((s) => s.reads?.find((r) => r.relation === 'public.big'));
    expect([all?.seqScans, all?.tuplesRead, all?.updated]).toEqual([1, 2000, 2000]);
    expect(some?.updated).toBe(9);
    expect([point?.seqScans, point?.idxScans, point?.tuplesFetched]).toEqual([0, 1, 1]);
    expect([gone?.deleted, gone?.tuplesRead]).toEqual([2000, 2000]);
  });

  test('a count of an earlier autocommit statement does not leak into the next transaction', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['CREATE INDEX CONCURRENTLY big_v_idx ON big (v);\nALTER TABLE big ALTER COLUMN a SET NOT NULL;'],
    });
    const [index, setNotNull] = statementsOf(review);
    expect(index!.reads).toBeUndefined();
    expect(setNotNull!.reads?.map((r) => [r.relation, r.seqScans, r.tuplesRead])).toEqual([['public.big', 1, 2000]]);
  });

  test('tables created in the same transaction are not reported', async () => {
    const review = await reviewSql(sandbox(), { migrations: ['CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;'] });
    expect(statementsOf(review).flatMap((s) => s.reads ?? [])).toEqual([]);
  });
});
