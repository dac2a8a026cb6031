/**
 * Soak: N sequential reviews on one long-lived sandbox per provider, as the App and the workers
 * run them, then proof that nothing is left behind (databases, roles, data directories, Neon
 * branches) and that memory stays flat.
 *
 *   npm run soak                                  # 1000 reviews on embedded, then on server
 *   SOAK_REVIEWS=100 SOAK_PROVIDERS=embedded npm run soak
 *
 * SOAK_PROVIDERS: any of embedded, server, neon (neon: branch create/delete cycles against a
 * simulated API, nock, whose "branches" are one database on the server). DATABASE_ADMIN_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres) serves server and neon.
 * Exit code 1 when something was left behind or memory grew past the allowance.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import nock from 'nock';
import pg from 'pg';
import type { ReviewRequest } from '../src/review/review-request.js';
import { runReview } from '../src/review/run-review.js';
import type { ClusterSandbox } from '../src/sandbox/cluster-sandbox.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { NeonSandbox } from '../src/sandbox/neon.js';
import { openServerSandbox } from '../src/sandbox/server.js';
import type { PostgresMajor } from '../src/sandbox/supported-versions.js';

const N = Number(process.env.SOAK_REVIEWS ?? 1000);
const PROVIDERS = (process.env.SOAK_PROVIDERS ?? 'embedded,server').split(',').map((p) => p.trim());
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVER_PREFIX = 'pgdrsoak_';
/** Allowed RSS growth between review 100 and the end (warm-up excluded), in MiB. */
const RSS_ALLOWANCE_MIB = Number(process.env.SOAK_RSS_ALLOWANCE_MIB ?? 64);

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

interface Summary {
  provider: string;
  reviews: number;
  seconds: number;
  verdicts: Record<string, number>;
  rss: Array<[number, number]>;
  heap: Array<[number, number]>;
  leftovers: string[];
}

function request(i: number, major: PostgresMajor): ReviewRequest {
  return {
    base: [{ path: 'db/0001_orders.sql', content: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, note text);\nINSERT INTO orders SELECT g, g % 500, NULL FROM generate_series(1, 2000) g;\n' }],
    migrations: [
      {
        path: `db/0002_change_${i}.sql`,
        content: [
          `CREATE INDEX orders_customer_${i % 7}_idx ON orders (customer_id);`,
          i % 3 === 0 ? 'ALTER TABLE orders ADD COLUMN total numeric;' : 'ALTER TABLE orders ALTER COLUMN note SET DEFAULT \'\';',
          i % 5 === 0 ? 'UPDATE orders SET note = \'x\' WHERE id < 10;' : 'SELECT 1;',
        ].join('\n'),
      },
    ],
    queries: ['SELECT * FROM orders WHERE customer_id = 42'],
    postgresMajor: major,
    statementLimitMs: 60_000,
  };
}

async function soakCluster(provider: string, sandbox: ClusterSandbox, major: PostgresMajor): Promise<Summary> {
  const summary: Summary = { provider, reviews: 0, seconds: 0, verdicts: {}, rss: [], heap: [], leftovers: [] };
  const sample = (i: number) => {
    gc?.();
    const usage = process.memoryUsage();
    summary.rss.push([i, mib(usage.rss)]);
    summary.heap.push([i, mib(usage.heapUsed)]);
    console.log(`${provider}: ${i} reviews, rss ${mib(usage.rss)} MiB, heap ${mib(usage.heapUsed)} MiB, ${Math.round((Date.now() - started) / 1000)} s`);
  };
  const started = Date.now();
  sample(0);
  for (let i = 1; i <= N; i++) {
    const review = await runReview(request(i, major), { sandbox: async () => sandbox });
    summary.verdicts[review.verdict] = (summary.verdicts[review.verdict] ?? 0) + 1;
    if (review.verdict === 'error') console.error(`${provider}: review ${i} could not run: ${review.error?.message}`);
    summary.reviews = i;
    if (i % 100 === 0 || i === N) sample(i);
  }
  summary.seconds = Math.round((Date.now() - started) / 1000);
  // Every review database and role should be gone already: the sweeper at age 0 lists what is not.
  const swept = await sandbox.sweepLeftovers(0);
  summary.leftovers.push(...swept.databases.map((d) => `database ${d}`), ...swept.roles.map((r) => `role ${r}`));
  return summary;
}

async function soakEmbedded(): Promise<Summary> {
  const sandbox = await EmbeddedSandbox.start({ major: 16 });
  const summary = await soakCluster('embedded', sandbox, 16);
  const dataDir = sandbox.dataDir;
  const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  await sandbox.close();
  if (existsSync(dataDir)) summary.leftovers.push(`data directory ${dataDir}`);
  if (isAlive(postmaster)) summary.leftovers.push(`postmaster ${postmaster} still running`);
  return summary;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function soakServer(): Promise<Summary> {
  const sandbox = await openServerSandbox({ adminUrl: ADMIN_URL, prefix: SERVER_PREFIX });
  const summary = await soakCluster('server', sandbox, sandbox.majorVersion as PostgresMajor);
  await sandbox.close();
  // What remains with the prefix besides the cached base templates (kept by design, LRU-capped).
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const dbs = (await admin.query<{ datname: string; datistemplate: boolean }>('SELECT datname, datistemplate FROM pg_database WHERE starts_with(datname, $1)', [SERVER_PREFIX])).rows;
  const roles = (await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)', [SERVER_PREFIX])).rows.map((r) => r.rolname);
  summary.leftovers.push(...dbs.filter((d) => !d.datistemplate).map((d) => `database ${d.datname}`));
  summary.leftovers.push(...roles.filter((r) => r !== `${SERVER_PREFIX}object_owner`).map((r) => `role ${r}`));
  console.log(`server: ${dbs.filter((d) => d.datistemplate).length} cached base template(s) kept by design; dropping them now`);
  for (const d of dbs) {
    await admin.query(`ALTER DATABASE ${d.datname} WITH IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE ${d.datname} WITH (FORCE)`);
  }
  for (const r of roles) await admin.query(`DROP ROLE IF EXISTS ${r}`);
  await admin.end();
  return summary;
}

async function soakNeon(): Promise<Summary> {
  const API = 'https://console.neon.tech/api/v2';
  const PROJECT = 'soak-project';
  const database = 'pgdrsoak_neon';
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  const uri = new URL(ADMIN_URL);
  uri.pathname = `/${database}`;
  const live = new Map<string, { name: string; created_at: string }>();
  let next = 0;
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const now = () => new Date().toISOString();
  nock(API)
    .persist()
    .get(`/projects/${PROJECT}`)
    .reply(200, { project: { id: PROJECT, name: 'soak', pg_version: 15, created_at: now(), updated_at: now() } })
    .post(`/projects/${PROJECT}/branches`)
    .reply(201, (_uri, body: any) => {
      const id = `br-soak-${++next}`;
      live.set(id, { name: body.branch.name, created_at: now() });
      return {
        branch: { id, project_id: PROJECT, parent_id: body.branch.parent_id, name: body.branch.name, created_at: now(), updated_at: now() },
        endpoints: [{ id: `ep-${id}`, host: uri.hostname, branch_id: id, type: 'read_write' }],
        operations: [{ id: `op-${id}`, action: 'create_branch', status: 'running' }],
        connection_uris: [{ connection_uri: uri.toString(), connection_parameters: {} }],
      };
    })
    .get(/\/projects\/soak-project\/operations\/.+/)
    .reply(200, (path: string) => ({ operation: { id: path.split('/').pop(), action: 'create_branch', status: 'finished' } }))
    .delete(/\/projects\/soak-project\/branches\/.+/)
    .reply(200, (path: string) => {
      const id = path.split('/').pop()!;
      return live.delete(id) ? { branch: { id }, operations: [] } : [404, { message: 'not found' }];
    })
    .get(`/projects/${PROJECT}/branches`)
    .query(true)
    .reply(200, () => ({ branches: [...live].map(([id, b]) => ({ id, ...b })), pagination: {} }));

  const summary: Summary = { provider: 'neon (simulated API)', reviews: 0, seconds: 0, verdicts: {}, rss: [], heap: [], leftovers: [] };
  const sandbox = await NeonSandbox.open({ apiKey: 'napi_soak', projectId: PROJECT, parentBranchId: 'br-main', pollIntervalMs: 1, retryBaseDelayMs: 1 });
  const started = Date.now();
  for (let i = 1; i <= N; i++) {
    const branch = await sandbox.openBranch(await sandbox.prepareBase([]));
    const client = await branch.connect('soak');
    await client.query('SELECT 1');
    await client.end();
    await branch.drop();
    summary.reviews = i;
    if (i % 100 === 0 || i === N) {
      gc?.();
      summary.rss.push([i, mib(process.memoryUsage().rss)]);
      summary.heap.push([i, mib(process.memoryUsage().heapUsed)]);
    }
  }
  summary.seconds = Math.round((Date.now() - started) / 1000);
  summary.leftovers.push(...[...live.keys()].map((id) => `Neon branch ${id}`));
  summary.leftovers.push(...(await sandbox.sweepLeftovers(0)).map((id) => `Neon branch ${id} (swept)`));
  await sandbox.close();
  nock.cleanAll();
  nock.enableNetConnect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  return summary;
}

const summaries: Summary[] = [];
for (const provider of PROVIDERS) {
  if (provider === 'embedded') summaries.push(await soakEmbedded());
  else if (provider === 'server') summaries.push(await soakServer());
  else if (provider === 'neon') summaries.push(await soakNeon());
  else throw new Error(`unknown provider ${provider} (embedded, server, neon)`);
}

let failed = false;
console.log('\nprovider | reviews | time | verdicts | RSS start → end (MiB) | heap start → end (MiB) | leftovers');
for (const s of summaries) {
  const warm = s.rss.find(([i]) => i >= 100) ?? s.rss[0]!;
  const end = s.rss.at(-1)!;
  const grew = end[1] - warm[1] > RSS_ALLOWANCE_MIB;
  if (grew || s.leftovers.length > 0) failed = true;
  console.log(
    `${s.provider} | ${s.reviews} | ${s.seconds} s | ${JSON.stringify(s.verdicts)} | ${s.rss[0]![1]} → ${end[1]} (at ${warm[0]}: ${warm[1]})${grew ? ' GREW' : ''} | ${s.heap[0]![1]} → ${s.heap.at(-1)![1]} | ${s.leftovers.length === 0 ? 'none' : s.leftovers.join(', ')}`,
  );
}
process.exit(failed ? 1 : 0);
