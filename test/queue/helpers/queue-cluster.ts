import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { privateKey } from '../../github/helpers/app-harness.js';
import type { FakeGitHub } from './fake-github.js';

export const SERVER_URL = process.env.PG_DBA_REVIEW_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WORKER = fileURLToPath(new URL('../../../dist/worker.js', import.meta.url));

/** A database of its own for one test run's queue, dropped afterwards. */
export async function createQueueDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** One `node dist/worker.js` process, its log lines parsed (pino JSON). */
export interface WorkerProcess {
  child: ChildProcess;
  logs: Array<Record<string, any>>;
  exited: Promise<number | null>;
}

export function startWorkerProcess(options: { queueUrl: string; github: FakeGitHub; prefix: string; env?: Record<string, string> }): WorkerProcess {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [WORKER], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      QUEUE_DATABASE_URL: options.queueUrl,
      APP_ID: '123',
      PRIVATE_KEY: privateKey,
      GHE_HOST: options.github.host,
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_ADMIN_URL: SERVER_URL,
      PG_DBA_REVIEW_SANDBOX_PREFIX: options.prefix,
      PG_DBA_REVIEW_CONCURRENCY: '1',
      PG_DBA_REVIEW_QUEUE_HEARTBEAT_SECONDS: '10',
      PG_DBA_REVIEW_QUEUE_SUPERVISE_SECONDS: '1',
      PG_DBA_REVIEW_QUEUE_RETRY_DELAY_SECONDS: '1',
      PG_DBA_REVIEW_QUEUE_POLL_SECONDS: '0.5',
      PG_DBA_REVIEW_RECONCILE_SECONDS: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, any>> = [];
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, any>);
      } catch {
        logs.push({ msg: line });
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, logs, exited };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Drops every database and role a test's server sandboxes created (templates included). */
export async function dropSandboxLeftovers(prefix: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const dbs = (await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix])).rows.map((r) => r.datname);
    for (const db of dbs) {
      await admin.query(`ALTER DATABASE ${db} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    }
    const roles = (await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)', [prefix])).rows.map((r) => r.rolname);
    for (const role of roles) {
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    }
    return [...dbs, ...roles];
  } finally {
    await admin.end();
  }
}
