import type pg from 'pg';
import { capIndexBuildWorkers, getProductionParallelism, plannedHeapWorkers } from '../../../src/estimate/get-production-parallelism.js';
import type { Branch } from '../../../src/review/ports.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { useEmbeddedSandbox } from '../../helpers/review-sql.js';

// `items` is the synthetic table (20,000 rows), `big` the same table at "production's" 400,000 rows.
const BASE = `CREATE TABLE items (id bigint PRIMARY KEY, label text NOT NULL);
CREATE TABLE big (id bigint PRIMARY KEY, label text NOT NULL);
CREATE TABLE tuned (id bigint PRIMARY KEY, label text NOT NULL) WITH (parallel_workers = 3);`;
const SYNTHETIC = 20_000;
const PRODUCTION = 400_000;
const ROOMY = ["maintenance_work_mem = '1GB'", 'max_parallel_maintenance_workers = 4'];

describe('index builds of calibration runs as parallel as production, on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);
  let branch: Branch;
  let client: pg.Client;
  let pages: number;
  beforeAll(async () => {
    const base = await sandbox().prepareBase([splitStatements({ path: 'base.sql', content: BASE })]);
    branch = await sandbox().openBranch(base);
    client = await branch.connect('test parallelism');
    for (const [table, rows] of [['items', SYNTHETIC], ['big', PRODUCTION], ['tuned', SYNTHETIC]] as const) {
      await client.query(`INSERT INTO ${table} SELECT i, md5(i::text) FROM generate_series(1, ${rows}) AS i`);
      await client.query(`VACUUM ANALYZE ${table}`);
    }
    pages = (await client.query("SELECT relpages FROM pg_class WHERE oid = 'items'::regclass")).rows[0].relpages;
  }, 120_000);
  afterAll(async () => {
    await client?.end(); // the branch goes with the sandbox
  });

  /** Workers Postgres launched for a CREATE INDEX: trace_sort names each participant's sort "worker N", the leader's included. */
  async function launchedWorkers(table: string, settings: string[] = []): Promise<number> {
    const notices: string[] = [];
    const listener = (n: { message?: string }) => notices.push(n.message ?? '');
    client.on('notice', listener);
    try {
      await client.query('BEGIN');
      for (const s of [...settings, 'trace_sort = on', 'client_min_messages = log']) await client.query(`SET LOCAL ${s}`);
      await client.query(`CREATE INDEX ON ${table} (label)`);
      await client.query('ROLLBACK');
    } finally {
      client.off('notice', listener);
    }
    const participants = new Set(notices.flatMap((n) => /worker (\d+)/.exec(n)?.[1] ?? [])).size;
    return Math.max(0, participants - 1);
  }

  test.each([
    { name: 'below the threshold: none', threshold: (p: number) => p + 1 },
    { name: 'at the threshold: one', threshold: (p: number) => p },
    { name: 'three times the threshold: two', threshold: (p: number) => Math.floor(p / 3) },
    { name: 'nine times: three', threshold: (p: number) => Math.floor(p / 9) },
    { name: 'threshold 0: as often as the heap triples from one page, capped', threshold: () => 0 },
  ])('the workers computed for a heap are those Postgres launches for its index build ($name)', async ({ threshold }) => {
    const blocks = threshold(pages);
    const launched = await launchedWorkers('items', [`min_parallel_table_scan_size = ${blocks}`, ...ROOMY]);
    expect(launched).toBe(capIndexBuildWorkers(plannedHeapWorkers(pages, blocks), 4, 1024 * 1024));
  });

  test("with the scaled threshold the synthetic table's build gets the workers production's table gets, under the same caps", async () => {
    const production = await launchedWorkers('big', ROOMY);
    expect(production).toBe(2); // 400,000 rows: over three times the 8 MB threshold
    expect(await launchedWorkers('items', ROOMY)).toBe(0); // what calibration timed before: a serial build

    const { settings, workers } = await getProductionParallelism(client, [{ table: 'public.items', productionRows: PRODUCTION }]);
    expect(settings).toEqual([{ name: 'min_parallel_table_scan_size', value: String(Math.round((1024 * SYNTHETIC) / PRODUCTION)) }]);
    const scaled = settings.map((s) => `${s.name} = ${s.value}`);
    expect(await launchedWorkers('items', [...scaled, ...ROOMY])).toBe(production);
    // The server's own caps stay Postgres': 64 MB of maintenance_work_mem feed one worker and the leader.
    expect(await launchedWorkers('big')).toBe(1);
    expect(await launchedWorkers('items', scaled)).toBe(1);
    expect(workers.get('public.items')).toBe(1);
    expect(await launchedWorkers('items', [...scaled, 'max_parallel_maintenance_workers = 0'])).toBe(0);
  });

  test('nothing to scale when production is no larger than the synthetic table', async () => {
    const { settings, workers } = await getProductionParallelism(client, [{ table: 'public.items', productionRows: SYNTHETIC }]);
    expect(settings).toEqual([]);
    expect(workers.get('public.items')).toBe(0);
  });

  test('a table with its own parallel_workers keeps it, as production does: Postgres takes it as is, capped by max_parallel_maintenance_workers only', async () => {
    const { settings, workers } = await getProductionParallelism(client, [{ table: 'public.tuned', productionRows: PRODUCTION }]);
    expect(settings).toEqual([]);
    expect(workers.get('public.tuned')).toBe(2);
    expect(await launchedWorkers('tuned')).toBe(2);
  });
});
