/**
 * Diagnostic for the index-build estimate: times CREATE INDEX on the bench's `items` table at the
 * calibration sizes and at production's, with the server's settings, with parallel workers off,
 * and with min_parallel_table_scan_size = 0, and counts the workers Postgres launched (trace_sort
 * notices of the workers' sorts). `node .bench-build/bench/index-parallelism.js`.
 */
import { fillTables } from '../src/estimate/fill-tables.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { splitStatements } from '../src/sql/split-statements.js';
import { ESTIMATE_BASE } from './estimate-tables.js';

const BASE = ESTIMATE_BASE;
const SIZES = (process.env.SIZES ?? '20000,100000,2000000').split(',').map(Number);
const REPS = Number(process.env.REPS ?? 7);
const MODES: Array<{ name: string; set: string[] }> = [
  { name: 'server settings', set: [] },
  { name: 'workers off', set: ['max_parallel_maintenance_workers = 0'] },
  { name: 'min_parallel_table_scan_size = 0', set: ['min_parallel_table_scan_size = 0'] },
];

async function main(): Promise<void> {
  const sandbox = await EmbeddedSandbox.start({ major: 16 });
  try {
    const base = await sandbox.prepareBase([splitStatements({ path: 'base.sql', content: BASE })]);
    for (const rows of SIZES) {
      const branch = await sandbox.openBranch(base);
      const client = await branch.connect('bench parallelism');
      const notices: string[] = [];
      client.on('notice', (n) => notices.push(n.message ?? ''));
      try {
        await client.query("SET statement_timeout = '20min'");
        await client.query('BEGIN');
        const stats = [{ table: 'public.items', rows }, { table: 'public.parent', rows: 10_000 }];
        await fillTables(client, [{ table: 'parent', rows: 10_000 }, { table: 'items', rows }], { stats });
        await client.query('COMMIT');
        await client.query('VACUUM ANALYZE parent');
        await client.query('VACUUM ANALYZE items');
        const settings = await client.query(
          "SELECT name, setting, unit FROM pg_settings WHERE name IN ('max_parallel_maintenance_workers','maintenance_work_mem','min_parallel_table_scan_size','max_worker_processes','max_parallel_workers') ORDER BY name",
        );
        const pages = await client.query("SELECT relpages FROM pg_class WHERE oid = 'items'::regclass");
        console.log(`\n${rows} rows, ${pages.rows[0].relpages} pages; ${settings.rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` (${r.unit})` : ''}`).join(' ')}`);
        // Modes interleaved rep by rep, so a load spike on a shared machine hits them alike.
        const times = MODES.map(() => [] as number[]);
        const participants = MODES.map(() => 0);
        for (let i = 0; i < REPS; i++) {
          for (const [m, mode] of MODES.entries()) {
            await client.query('BEGIN');
            for (const s of mode.set) await client.query(`SET LOCAL ${s}`);
            await client.query('SET LOCAL trace_sort = on');
            await client.query('SET LOCAL client_min_messages = log');
            notices.length = 0;
            const started = performance.now();
            await client.query('CREATE INDEX items_label_idx ON items (label)');
            times[m]!.push(performance.now() - started);
            await client.query('ROLLBACK');
            // trace_sort names each participant's sort "worker N" (the leader's final merge is "worker -1").
            participants[m] = Math.max(participants[m]!, new Set(notices.flatMap((n) => /worker (\d+)/.exec(n)?.[1] ?? [])).size);
          }
        }
        for (const [m, mode] of MODES.entries()) {
          const sorted = times[m]!.sort((a, b) => a - b);
          const median = sorted[Math.floor(sorted.length / 2)]!;
          console.log(`  ${mode.name.padEnd(34)} sort participants ${participants[m]}  min ${sorted[0]!.toFixed(1)} ms  median ${median.toFixed(1)} ms  ${((sorted[0]! / rows) * 1e6).toFixed(0)} ns/row (min)  all: ${times[m]!.map((t) => t.toFixed(0)).join(' ')}`);
        }
      } finally {
        await client.end().catch(() => undefined);
        await branch.drop().catch(() => undefined);
      }
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
