import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepEmbeddedLeftovers } from '../../src/sandbox/open-sandbox.js';
import { waitFor } from '../queue/helpers/queue-cluster.js';

/**
 * Real signals on real processes: the CLI (bin/pg-dba-review.js, built by `npm test`) runs a
 * migration that sleeps in Postgres, and is sent SIGTERM, SIGINT or SIGKILL. Whatever the signal,
 * no postgres process of its cluster and no data directory may be left. Processes are found by
 * their parent (the postmaster is the CLI's child), never by name: other test files and other
 * users of this machine run clusters of their own meanwhile.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'pgdr-signals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Row {
  pid: number;
  ppid: number;
  args: string;
}

function processes(): Row[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Run {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr: () => string;
}

function startCli(sql: string): Run {
  const file = path.join(work, `m-${Math.random().toString(36).slice(2)}.sql`);
  writeFileSync(file, sql);
  const child = spawn('node', ['bin/pg-dba-review.js', 'check', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  return { child, exited, stderr: () => stderr };
}

/** The CLI's cluster: its postmaster (a child of the CLI) and data directory (`-D`). */
async function clusterOf(run: Run): Promise<{ postmaster: number; dataDir: string }> {
  return waitFor(
    'the CLI to start its cluster',
    () => {
      const row = processes().find((p) => p.ppid === run.child.pid && /postgres -D /.test(p.args));
      const dataDir = row && /-D (\S+)/.exec(row.args)?.[1];
      return row && dataDir ? { postmaster: row.pid, dataDir } : undefined;
    },
    120_000,
  );
}

/** Waits until a backend of that postmaster runs the migration's SELECT (pg_sleep). */
async function migrationRunning(postmaster: number): Promise<void> {
  await waitFor('the migration to run', () => processes().some((p) => p.ppid === postmaster && /pgdr_review_\S+ .*SELECT/.test(p.args)), 120_000);
}

async function expectNothingLeft(cluster: { postmaster: number; dataDir: string }): Promise<void> {
  await waitFor('the postmaster and its backends to exit', () => !isAlive(cluster.postmaster) && !processes().some((p) => p.ppid === cluster.postmaster), 30_000);
  await waitFor('the data directory to be removed', () => !existsSync(cluster.dataDir), 30_000);
}

describe('stop signals (issue 12, item 5)', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s during a statement: exit %i within 5 s, the statement cancelled, nothing left', async (signal, code) => {
    const run = startCli('SELECT pg_sleep(60);\n');
    const cluster = await clusterOf(run);
    await migrationRunning(cluster.postmaster);
    const sentAt = performance.now();
    run.child.kill(signal);
    const exit = await run.exited;
    // A shell reports 128 + the signal's number either way: an exit code, or death by that signal.
    expect(exit.code ?? 128 + os.constants.signals[exit.signal!]).toBe(code);
    expect(exit.at - sentAt).toBeLessThan(5_000);
    await expectNothingLeft(cluster);
  }, 180_000);

  test('SIGKILL: the watchdog stops the cluster and removes its data directory', async () => {
    const run = startCli('SELECT pg_sleep(60);\n');
    const cluster = await clusterOf(run);
    await migrationRunning(cluster.postmaster);
    run.child.kill('SIGKILL');
    await run.exited;
    await expectNothingLeft(cluster);
  }, 180_000);

  test('owner and watchdog both killed: the next start stops the cluster and removes it at once', async () => {
    const run = startCli('SELECT pg_sleep(60);\n');
    const cluster = await clusterOf(run);
    await migrationRunning(cluster.postmaster);
    // The watchdog (if any) names the data directory on its command line and is not the postmaster.
    const watchdogs = processes().filter((p) => p.args.includes(cluster.dataDir) && p.pid !== cluster.postmaster && p.ppid !== cluster.postmaster);
    for (const w of watchdogs) process.kill(w.pid, 'SIGKILL');
    run.child.kill('SIGKILL');
    await run.exited;
    expect(isAlive(cluster.postmaster)).toBe(true); // orphaned, still running
    // What every start does (EmbeddedSandbox.start, and the App's and workers' startup sweep),
    // with the App's default age: a directory minutes old whose owner is dead goes now.
    const removed = await sweepEmbeddedLeftovers(2 * 3600_000);
    expect(removed).toContain(cluster.dataDir);
    await expectNothingLeft(cluster);
  }, 180_000);

  test('SIGTERM while a long synchronous stage runs (rules of an 8,000-statement migration): gone within 5 s, nothing left', async () => {
    const sql = ['CREATE TABLE a (id int PRIMARY KEY, v int);', ...Array.from({ length: 8_000 }, (_, i) => `UPDATE a SET v = ${i} WHERE id = ${i};`)].join('\n');
    const run = startCli(`${sql}\n`);
    const cluster = await clusterOf(run);
    // The branch is dropped just before the rules run (its database directory goes from base/,
    // the newest of the five: template0, template1, postgres, the base template, the branch):
    // the rules, then the report, are computed without returning to the event loop.
    let branch: string | undefined;
    await waitFor(
      'the branch to be dropped',
      () => {
        // The branch is dropped in the background while the rules run: a fast review may be over
        // (its cluster removed) before a look sees the drop, which also counts as done.
        let databases: string[];
        try {
          databases = readdirSync(path.join(cluster.dataDir, 'base')).filter((name) => /^\d+$/.test(name));
        } catch {
          return true;
        }
        if (!branch && databases.length >= 5) branch = databases.sort((a, b) => Number(a) - Number(b)).at(-1);
        return branch !== undefined && !databases.includes(branch);
      },
      600_000,
    );
    const sentAt = performance.now();
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    // Done before the signal counts too (a fast rules stage); a review that waits for the stage does not.
    expect(exit.at - sentAt).toBeLessThan(5_000);
    if (exit.code !== 0 && exit.code !== 1) expect(exit.code ?? 128 + os.constants.signals[exit.signal!]).toBe(143);
    await expectNothingLeft(cluster);
  }, 900_000);
});
