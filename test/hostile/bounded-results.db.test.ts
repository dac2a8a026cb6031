import { measurePeakRss } from '../helpers/peak-rss.js';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../helpers/review-sql.js';

/**
 * Whatever a user statement returns, the review's own memory stays put (issue 12: one SELECT
 * of 8 GB crashed the CLI with "JavaScript heap out of memory"). Rows, COPY data and notices
 * are counted and dropped as they arrive; huge notices and errors are cut. The sizes here are
 * kept small enough for a test machine (500 MB); `npm run soak:memory` runs the 10 GB case.
 * The allowance is far above what the guard costs and far below what buffering would.
 */
const ALLOWANCE_MIB = 128;
const BASE = 'CREATE TABLE victim (id int PRIMARY KEY, note text);';

describe('results of user statements are never accumulated', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('a 500 MB result set: memory flat, the row count kept', async () => {
    const { result: review, peakMiB } = await measurePeakRss(() =>
      reviewSql(sandbox(), { base: BASE, migrations: ["SELECT repeat('x', 100000000) FROM generate_series(1, 5);"], statementLimitMs: 120_000 }),
    );
    expect(review.migrations[0]!.status).toBe('applied');
    expect(statementsOf(review)[0]!.rows).toBe(5);
    expect(peakMiB).toBeLessThan(ALLOWANCE_MIB);
  });

  test('COPY ... TO STDOUT of two 250 MB rows: memory flat, the row count kept', async () => {
    const { result: review, peakMiB } = await measurePeakRss(() =>
      reviewSql(sandbox(), { base: BASE, migrations: ["COPY (SELECT repeat('x', 250000000) FROM generate_series(1, 2)) TO STDOUT;"], statementLimitMs: 120_000 }),
    );
    expect(review.migrations[0]!.status).toBe('applied');
    expect(statementsOf(review)[0]!.rows).toBe(2);
    expect(peakMiB).toBeLessThan(ALLOWANCE_MIB);
  });

  test('a 100 MB notice: memory flat', async () => {
    const { result: review, peakMiB } = await measurePeakRss(() =>
      reviewSql(sandbox(), { base: BASE, migrations: ["DO $$ BEGIN RAISE NOTICE '%', repeat('n', 100000000); END $$;"], statementLimitMs: 120_000 }),
    );
    expect(review.migrations[0]!.status).toBe('applied');
    expect(peakMiB).toBeLessThan(ALLOWANCE_MIB);
  });

  test('a flood of 300,000 notices: memory flat', async () => {
    const { result: review, peakMiB } = await measurePeakRss(() =>
      reviewSql(sandbox(), { base: BASE, migrations: ["DO $$ BEGIN FOR i IN 1..300000 LOOP RAISE NOTICE 'notice %', i; END LOOP; END $$;"], statementLimitMs: 120_000 }),
    );
    expect(review.migrations[0]!.status).toBe('applied');
    expect(peakMiB).toBeLessThan(ALLOWANCE_MIB);
  });

  test('a 100 MB error message: cut to a few KiB in the review, memory flat', async () => {
    const { result: review, peakMiB } = await measurePeakRss(() =>
      reviewSql(sandbox(), { base: BASE, migrations: ["DO $$ BEGIN RAISE EXCEPTION 'boom: %', repeat('e', 100000000); END $$;"], statementLimitMs: 120_000 }),
    );
    expect(review.migrations[0]!.status).toBe('failed');
    const message = review.migrations[0]!.error!.message;
    expect(message.length).toBeLessThan(8 * 1024);
    expect(message).toMatch(/^boom: e+ … \[\d+ more bytes cut by pg-dba-review\]/);
    expect(JSON.stringify(review).length).toBeLessThan(256 * 1024);
    expect(peakMiB).toBeLessThan(ALLOWANCE_MIB);
  });

  test('after all of that, the session still reads its probes: a normal migration is traced', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ["SET lock_timeout = '1s';\nALTER TABLE victim ADD COLUMN ok boolean;\nSELECT id FROM victim;"] });
    expect(review.verdict).toBe('pass');
    expect(statementsOf(review)[1]!.locks.map((l) => l.mode)).toEqual(['AccessExclusiveLock']);
    expect(statementsOf(review)[2]!.rows).toBe(0);
  });
});
