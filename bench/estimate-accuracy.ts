/**
 * `npm run bench:estimates`: are the lock-time estimates right? For each operation class, a
 * review is run with production's size set to BENCH_PROD_ROWS (default 2,000,000: 20× the
 * largest calibration size), so it calibrates on synthetic rows at its usual sizes and
 * extrapolates; then the same statement is run for real on a branch filled to that size, on
 * the same machine, and timed. Prints predicted/actual per class (target 0.67×–1.5×) and the
 * seconds the estimate step added to each review. Each class is reviewed and run BENCH_REPEAT
 * times (default 3), interleaved, and the medians are compared: on a shared machine one timing of
 * a 10 ms calibration build can be off by half. Writes bench/ESTIMATES.md unless BENCH_OUT=-.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fillTables } from '../src/estimate/fill-tables.js';
import { formatEstimate } from '../src/estimate/describe-lock-estimate.js';
import { runReview } from '../src/review/run-review.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { splitStatements } from '../src/sql/split-statements.js';
import { ESTIMATE_BASE } from './estimate-tables.js';

const PROD_ROWS = Number(process.env.BENCH_PROD_ROWS ?? 2_000_000);
const PARENT_ROWS = 10_000;
const OUT = process.env.BENCH_OUT ?? 'bench/ESTIMATES.md';
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const BASE = ESTIMATE_BASE;

const CLASSES: Array<{ name: string; sql: string }> = [
  { name: 'index build', sql: 'CREATE INDEX items_label_idx ON items (label);' },
  { name: 'rewrite (type change)', sql: 'ALTER TABLE items ALTER COLUMN qty TYPE bigint;' },
  { name: 'SET NOT NULL scan', sql: 'ALTER TABLE items ALTER COLUMN qty SET NOT NULL;' },
  { name: 'CHECK validation', sql: 'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0);' },
  { name: 'FOREIGN KEY validation', sql: 'ALTER TABLE items ADD CONSTRAINT items_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id);' },
  // Last: its rolled-back rows leave dead tuples behind on the shared "actual" branch (vacuumed after each run).
  { name: 'backfill UPDATE', sql: 'UPDATE items SET qty = qty + 1;' },
];

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  const sandbox = await EmbeddedSandbox.start({ major: 16 });
  const rows: Array<{ name: string; predictedMs: number; actualMs: number; ratios: number[]; method: string; estimateSeconds: number }> = [];
  try {
    const tableStats = [
      { table: 'public.items', rows: PROD_ROWS },
      { table: 'public.parent', rows: PARENT_ROWS },
    ];
    // The reality: one branch filled to production's size; each statement is run there and
    // rolled back right after its review predicted it, so both see the same load on a shared machine.
    const base = await sandbox.prepareBase([splitStatements({ path: 'base.sql', content: BASE })]);
    const branch = await sandbox.openBranch(base);
    const client = await branch.connect('bench actual');
    try {
      await client.query("SET statement_timeout = '20min'");
      await client.query('BEGIN');
      const fill = await fillTables(client, [{ table: 'parent', rows: PARENT_ROWS }, { table: 'items', rows: PROD_ROWS }], { stats: tableStats });
      await client.query('COMMIT');
      if (fill.some((f) => f.unfillable)) throw new Error(`filling for the actual run: ${fill.map((f) => f.unfillable).join('; ')}`);
      await client.query('VACUUM ANALYZE parent');
      await client.query('VACUUM ANALYZE items');
      for (const c of CLASSES) {
        const predicted: number[] = [];
        const actual: number[] = [];
        const seconds: number[] = [];
        let method = '';
        for (let i = 0; i < REPEAT; i++) {
          const review = await runReview(
            { base: [{ path: 'base.sql', content: BASE }], migrations: [{ path: 'm.sql', content: c.sql }], queries: [], postgresMajor: 16, statementLimitMs: 600_000, tableStats },
            { sandbox: async () => sandbox },
          );
          const estimate = review.production?.estimates[0];
          if (!estimate || estimate.statementMs === undefined) throw new Error(`${c.name}: no estimate (${estimate?.reason ?? 'not classified'})`);
          await client.query('BEGIN');
          const started = performance.now();
          await client.query(c.sql);
          const actualMs = performance.now() - started;
          await client.query('ROLLBACK');
          // A rolled-back UPDATE leaves a dead version of every row: vacuumed away, as production's would be, before the next run.
          await client.query('VACUUM items');
          predicted.push(estimate.statementMs);
          actual.push(actualMs);
          seconds.push((review.timings?.estimate ?? 0) / 1000);
          const workers = estimate.parallelWorkers === undefined ? '' : `, ${estimate.parallelWorkers} parallel worker${estimate.parallelWorkers === 1 ? '' : 's'}`;
          method = `${estimate.method}, ${estimate.growth}${workers}`;
          console.error(`${c.name} #${i + 1}: predicted ${formatEstimate(estimate.statementMs)} (${estimate.measurements.map((m) => `${m.ms} ms @ ${m.rows}`).join(', ')}), actual ${formatEstimate(actualMs)}, estimate step ${seconds.at(-1)!.toFixed(1)} s`);
        }
        rows.push({ name: c.name, predictedMs: median(predicted), actualMs: median(actual), ratios: predicted.map((p, i) => p / actual[i]!), method, estimateSeconds: median(seconds) });
      }
    } finally {
      await client.end().catch(() => undefined);
      await branch.drop().catch(() => undefined);
    }
  } finally {
    await sandbox.close();
  }

  const lines = [
    `# Lock-time estimates against reality`,
    '',
    `PostgreSQL 16 (embedded), ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0]!.toFixed(1)} at the end, ${new Date().toISOString().slice(0, 10)}. Table \`items\` (5 columns, primary key, foreign key to a 10,000-row parent); calibrated at the review's default sizes (20,000 and 100,000 synthetic rows), predicted for ${PROD_ROWS.toLocaleString('en-US')} rows, then measured at that size on a branch filled the same way; ${REPEAT} reviews and ${REPEAT} real runs per class, interleaved, medians compared. Target: predicted/actual within 0.67–1.5.`,
    '',
    '| class | method | predicted (median) | actual (median) | predicted/actual | each run | estimate step (s per review) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.method} | ${formatEstimate(r.predictedMs)} | ${formatEstimate(r.actualMs)} | ${(r.predictedMs / r.actualMs).toFixed(2)} | ${r.ratios.map((x) => x.toFixed(2)).join(', ')} | ${r.estimateSeconds.toFixed(1)} |`),
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  if (OUT !== '-') writeFileSync(OUT, `${text}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
