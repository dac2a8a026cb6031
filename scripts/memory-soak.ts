/**
 * Peak memory of a review whatever the migration's SQL returns (README "Safety"): each case
 * runs in a fresh Node process (an embedded PostgreSQL 16 of its own, whose processes do not
 * count), which reports its peak RSS (getrusage maxrss). A hostile case passes when its peak
 * stays within SOAK_MEMORY_ALLOWANCE_MIB (default 64) of the normal review's.
 *
 *   npm run soak:memory                          # all cases, 10 GB result included
 *   SOAK_MEMORY_CASES=normal,result-10gb npm run soak:memory
 *
 * Not a test: it takes minutes and gigabytes of Postgres output. Exit code 1 on a breach.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReviewRequest } from '../src/review/review-request.js';
import { runReview } from '../src/review/run-review.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';

const ALLOWANCE_MIB = Number(process.env.SOAK_MEMORY_ALLOWANCE_MIB ?? 64);
const BASE = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, note text);\nINSERT INTO orders SELECT g, g % 500, NULL FROM generate_series(1, 2000) g;\n';

/** The migration of each case; `normal` is the baseline the others are compared with. */
const CASES: Record<string, string> = {
  normal: "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\nALTER TABLE orders ADD COLUMN total numeric;\nUPDATE orders SET note = 'x' WHERE id < 10;\n",
  'result-10gb': "SELECT repeat('x', 100000000) FROM generate_series(1, 100);\n",
  'copy-to-stdout-2gb': "COPY (SELECT repeat('x', 100000000) FROM generate_series(1, 20)) TO STDOUT;\n",
  'notice-flood-1m': "DO $$ BEGIN FOR i IN 1..1000000 LOOP RAISE NOTICE 'notice %', i; END LOOP; END $$;\n",
  'notice-500mb': "DO $$ BEGIN RAISE NOTICE '%', repeat('n', 500000000); END $$;\n",
  'error-500mb': "DO $$ BEGIN RAISE EXCEPTION '%', repeat('e', 500000000); END $$;\n",
};

interface CaseResult {
  name: string;
  peakRssMiB: number;
  seconds: number;
  verdict: string;
  rows: Array<number | null | undefined>;
}

async function runCase(name: string): Promise<CaseResult> {
  const sandbox = await EmbeddedSandbox.start({ major: 16 });
  const started = performance.now();
  try {
    const request: ReviewRequest = {
      base: [{ path: 'db/0001_orders.sql', content: BASE }],
      migrations: [{ path: `db/0002_${name}.sql`, content: CASES[name]! }],
      queries: ['SELECT * FROM orders WHERE customer_id = 42'],
      postgresMajor: 16,
      statementLimitMs: 600_000,
      diskGrowthLimitBytes: 4 * 1024 ** 3,
    };
    const review = await runReview(request, { sandbox: async () => sandbox });
    return {
      name,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      verdict: review.verdict,
      rows: review.migrations.flatMap((m) => m.statements.map((s) => s.rows)),
    };
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<number> {
  const child = process.argv.indexOf('--case');
  if (child >= 0) {
    process.stdout.write(`${JSON.stringify(await runCase(process.argv[child + 1]!))}\n`);
    return 0;
  }
  const names = (process.env.SOAK_MEMORY_CASES ?? Object.keys(CASES).join(',')).split(',').map((n) => n.trim());
  if (!names.includes('normal')) names.unshift('normal');
  const results: CaseResult[] = [];
  for (const name of names) {
    if (!CASES[name]) throw new Error(`unknown case ${name}; cases: ${Object.keys(CASES).join(', ')}`);
    const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as CaseResult;
    results.push(result);
    console.log(`${name.padEnd(20)} peak RSS ${String(result.peakRssMiB).padStart(5)} MiB  ${String(result.seconds).padStart(6)} s  verdict ${result.verdict}  rows ${JSON.stringify(result.rows)}`);
  }
  const normal = results.find((r) => r.name === 'normal')!;
  const breaches = results.filter((r) => r.peakRssMiB > normal.peakRssMiB + ALLOWANCE_MIB);
  for (const r of breaches) console.error(`${r.name}: peak RSS ${r.peakRssMiB} MiB is more than ${ALLOWANCE_MIB} MiB above the normal review's ${normal.peakRssMiB} MiB`);
  console.log(breaches.length === 0 ? `ok: every case within +${ALLOWANCE_MIB} MiB of the normal review (${normal.peakRssMiB} MiB)` : 'FAILED');
  return breaches.length === 0 ? 0 : 1;
}

process.exitCode = await main();
