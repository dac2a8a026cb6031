/**
 * How a review's cost scales: with the work (new statements on a small base) and with the
 * schema (one new migration on bases of growing size), each next to its **change floor**: the
 * same new SQL applied plain, as a migration runner would (one transaction per file), on a
 * clone of the same base, with no base replay. And the CLI's fixed cost: a `check` of a
 * one-statement migration on an empty base, as a fresh process, cold (initdb) and with the
 * pristine data directory cached.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Review } from '../src/report/review.js';
import { runReview } from '../src/review/run-review.js';
import type { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { planTransactions } from '../src/sql/plan-transactions.js';
import { splitStatements } from '../src/sql/split-statements.js';

const run = promisify(execFile);

export interface ScalingRow {
  label: string;
  /** Number of new statements, or of base tables. */
  size: number;
  floorMs: number[];
  reviewMs: number[];
  timings: Array<Record<string, number>>;
}

/**
 * N new tables, each with a foreign key to the base's table (a squashed baseline, a generated
 * partition set), in files of at most 500 statements: one transaction creating 5,000 such
 * tables holds ~30,000 locks, more than Postgres' shared lock table has room for
 * (max_locks_per_transaction × connections: 64 × ~210 in the sandbox, 64 × ~100 on a default
 * server), so it fails with "out of shared memory" in the sandbox as at deploy.
 */
export function generateWork(statements: number, perFile = 500): string[] {
  const files: string[] = [];
  for (let start = 0; start < statements; start += perFile) {
    let sql = '';
    for (let i = start; i < Math.min(statements, start + perFile); i++) sql += `CREATE TABLE w${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint REFERENCES t (id), name text);\n`;
    files.push(sql);
  }
  return files;
}

export const SMALL_BASE = 'CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);\n';

/** A base of `tables` tables (each with a foreign key to the previous one and an index), in files of 500 tables (see generateWork). */
export function generateSchema(tables: number, perFile = 500): string[] {
  const files: string[] = [];
  for (let start = 0; start < tables; start += perFile) {
    let sql = '';
    for (let i = start; i < Math.min(tables, start + perFile); i++) {
      sql += `CREATE TABLE s${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint${i > 0 ? ` REFERENCES s${i - 1} (id)` : ''}, name text);\n`;
      sql += `CREATE INDEX s${i}_name_idx ON s${i} (name);\n`;
    }
    files.push(sql);
  }
  return files;
}

/** The one new migration of the schema-size figures: a column and an index on an existing table. */
export const ONE_CHANGE = 'ALTER TABLE s7 ADD COLUMN note text;\nCREATE INDEX s7_parent_idx ON s7 (parent_id);\n';

/** The change floor: the new SQL alone, sent plain with node-pg on a clone of the base, one transaction per file. */
export async function changeFloor(sandbox: EmbeddedSandbox, base: string[], fresh: string[]): Promise<number> {
  const state = await sandbox.prepareBase(base.map((content, i) => splitStatements({ path: `base/${i}.sql`, content })));
  const branch = await sandbox.openBranch(state);
  const client = await branch.connect('bench change floor');
  try {
    const files = fresh.map((content, i) => splitStatements({ path: `new/${i}.sql`, content }));
    const start = performance.now();
    for (const file of files) {
      const wrap = planTransactions(file) === 'single-transaction';
      if (wrap) await client.query('BEGIN');
      for (const s of file.statements) await client.query(s.text);
      if (wrap) await client.query('COMMIT');
    }
    return performance.now() - start;
  } finally {
    await client.end();
    await branch.drop();
  }
}

export function reviewOn(sandbox: EmbeddedSandbox, base: string[], fresh: string[], statementLimitMs = 120_000): Promise<Review> {
  return runReview(
    {
      base: base.map((content, i) => ({ path: `base/${i}.sql`, content })),
      migrations: fresh.map((content, i) => ({ path: `new/${i}.sql`, content })),
      queries: [],
      postgresMajor: 16,
      statementLimitMs,
    },
    { sandbox: async () => sandbox },
  );
}

/**
 * Warm reviews (the base's template already built, as on a second pull request of the base)
 * and change floors, alternated, `runs` times.
 */
export async function measureScaling(sandbox: EmbeddedSandbox, label: string, size: number, base: string[], fresh: string[], runs: number): Promise<ScalingRow> {
  const row: ScalingRow = { label, size, floorMs: [], reviewMs: [], timings: [] };
  // The template is built (and the base's catalog read) once, outside the figures, by a
  // review of a trivial change: the first review of 5,000 statements would double the section.
  const first = await reviewOn(sandbox, base, ['SELECT 1;']);
  if (first.verdict === 'error') throw new Error(`${label}: ${first.error?.message}`);
  for (let i = 0; i < runs; i++) {
    await sandbox.sparesSettled?.();
    row.floorMs.push(await changeFloor(sandbox, base, fresh));
    await sandbox.sparesSettled?.();
    const start = performance.now();
    const review = await reviewOn(sandbox, base, fresh);
    row.reviewMs.push(performance.now() - start);
    if (review.verdict === 'error') throw new Error(`${label}: ${review.error?.message}`);
    row.timings.push(review.timings ?? {});
  }
  return row;
}

/**
 * Wall time of `pg-dba-review check one.sql` as a new process (node start, module loading,
 * cluster start, review, shutdown), with the compiled CLI of this build. `cacheDir` off runs
 * initdb as before; a folder reuses the pristine data directory kept there.
 */
export async function timeCliCheck(cliModule: string, cacheDir: string | 'off'): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-dba-review-bench-cli-'));
  try {
    const file = path.join(dir, 'one.sql');
    await writeFile(file, 'CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n');
    const script = `const { main } = await import(${JSON.stringify(cliModule)}); const code = await main(['check', '--format', 'json', ${JSON.stringify(file)}], { write() { return true; } }); process.exit(code === 2 ? 2 : 0);`;
    const start = performance.now();
    await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, PG_DBA_REVIEW_CACHE_DIR: cacheDir } });
    return performance.now() - start;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
