import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Review } from '../../src/report/review.js';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../helpers/review-sql.js';

/**
 * Whatever a user statement returns, the review's own memory stays put (issue 12: one SELECT
 * of 8 GB crashed the CLI with "JavaScript heap out of memory"). Rows, COPY data and notices
 * are counted and dropped as they arrive; huge notices and errors are cut. The sizes here are
 * kept small enough for a test machine (500 MB); `npm run soak:memory` runs the 10 GB case.
 * Each case is a `check` in a fresh Node process (bin's CLI, built by `npm test`), its peak RSS
 * next to the same process reviewing `SELECT 1`: inside jest's module sandbox on Node 24 the
 * dropped socket chunks were not returned to the system before the review ended (peak +500 MiB
 * there, +80 MiB for the same review as a plain process), which measured jest, not the review.
 * The allowance is far above what the guard costs and far below what buffering would.
 */
const ALLOWANCE_MIB = 128;
const BASE = 'CREATE TABLE victim (id int PRIMARY KEY, note text);';
const CLI = path.resolve('dist/cli.js');

/** `check --format json` of one migration in a new process: its review and its peak RSS (MiB). */
async function checkInFreshProcess(sql: string): Promise<{ review: Review; peakMiB: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-dba-review-bounded-'));
  try {
    writeFileSync(path.join(dir, 'base.sql'), BASE);
    writeFileSync(path.join(dir, 'new.sql'), `${sql}\n`);
    const script = `const { main } = await import(${JSON.stringify(CLI)});
      await main(['check', '--format', 'json', '--statement-timeout', '120', '--setup', ${JSON.stringify(path.join(dir, 'base.sql'))}, ${JSON.stringify(path.join(dir, 'new.sql'))}]);
      process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n');
      setTimeout(() => process.exit(0), 1000).unref();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    const maxRss = Number(/maxrss=(\d+)/.exec(stderr)?.[1]);
    if (!Number.isFinite(maxRss)) throw new Error(`the CLI did not finish: ${stderr.slice(-2000)}`);
    return { review: JSON.parse(stdout) as Review, peakMiB: maxRss / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('results of user statements are never accumulated', () => {
  const sandbox = useEmbeddedSandbox(16);
  let baselineMiB = 0;
  const grewBy = (peakMiB: number) => Math.round(peakMiB - baselineMiB);

  beforeAll(async () => {
    const { review, peakMiB } = await checkInFreshProcess('SELECT 1;');
    expect(review.migrations[0]!.status).toBe('applied');
    baselineMiB = peakMiB;
  }, 120_000);

  test('a 500 MB result set: memory flat, the row count kept', async () => {
    const { review, peakMiB } = await checkInFreshProcess("SELECT repeat('x', 100000000) FROM generate_series(1, 5);");
    expect(review.migrations[0]!.status).toBe('applied');
    expect(statementsOf(review)[0]!.rows).toBe(5);
    expect(grewBy(peakMiB)).toBeLessThan(ALLOWANCE_MIB);
  });

  test('COPY ... TO STDOUT of two 250 MB rows: memory flat, the row count kept', async () => {
    const { review, peakMiB } = await checkInFreshProcess("COPY (SELECT repeat('x', 250000000) FROM generate_series(1, 2)) TO STDOUT;");
    expect(review.migrations[0]!.status).toBe('applied');
    expect(statementsOf(review)[0]!.rows).toBe(2);
    expect(grewBy(peakMiB)).toBeLessThan(ALLOWANCE_MIB);
  });

  test('a 100 MB notice: memory flat', async () => {
    const { review, peakMiB } = await checkInFreshProcess("DO $$ BEGIN RAISE NOTICE '%', repeat('n', 100000000); END $$;");
    expect(review.migrations[0]!.status).toBe('applied');
    expect(grewBy(peakMiB)).toBeLessThan(ALLOWANCE_MIB);
  });

  test('a flood of 300,000 notices: memory flat', async () => {
    const { review, peakMiB } = await checkInFreshProcess("DO $$ BEGIN FOR i IN 1..300000 LOOP RAISE NOTICE 'notice %', i; END LOOP; END $$;");
    expect(review.migrations[0]!.status).toBe('applied');
    expect(grewBy(peakMiB)).toBeLessThan(ALLOWANCE_MIB);
  });

  test('a 100 MB error message: cut to a few KiB in the review, memory flat', async () => {
    const { review, peakMiB } = await checkInFreshProcess("DO $$ BEGIN RAISE EXCEPTION 'boom: %', repeat('e', 100000000); END $$;");
    expect(review.migrations[0]!.status).toBe('failed');
    const message = review.migrations[0]!.error!.message;
    expect(message.length).toBeLessThan(8 * 1024);
    expect(message).toMatch(/^boom: e+ … \[\d+ more bytes cut by pg-dba-review\]/);
    expect(JSON.stringify(review).length).toBeLessThan(256 * 1024);
    expect(grewBy(peakMiB)).toBeLessThan(ALLOWANCE_MIB);
  });

  test('after a huge result on the same session, it still reads its probes: a normal migration is traced', async () => {
    const huge = await reviewSql(sandbox(), { base: BASE, migrations: ["SELECT repeat('x', 100000000) FROM generate_series(1, 5);\nSELECT 1;"], statementLimitMs: 120_000 });
    expect(statementsOf(huge).map((s) => s.rows)).toEqual([5, 1]);
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ["SET lock_timeout = '1s';\nALTER TABLE victim ADD COLUMN ok boolean;\nSELECT id FROM victim;"] });
    expect(review.verdict).toBe('pass');
    expect(statementsOf(review)[1]!.locks.map((l) => l.mode)).toEqual(['AccessExclusiveLock']);
    expect(statementsOf(review)[2]!.rows).toBe(0);
  });
});
