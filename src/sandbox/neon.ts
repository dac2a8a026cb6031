import { randomBytes } from 'node:crypto';
import { createApiClient, EndpointType, type Api } from '@neondatabase/api-client';
import pg from 'pg';
import { guardProtocol } from './guard-protocol.js';
import { parseIntoClientConfig } from 'pg-connection-string';
import type { BackendControl, BaseState, Branch, RelationLock, Sandbox } from '../review/ports.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import { SandboxError, errorMessage } from '../shared/errors.js';

export interface NeonSandboxOptions {
  apiKey: string;
  projectId: string;
  /** The branch to copy: production's, or a staging copy with production-like data. */
  parentBranchId: string;
  /** Neon deletes the branch by itself after this long, should we never get to (default 60). */
  expiresInMinutes?: number;
  /** How long to wait for the branch and its compute to be ready (default 120 s). */
  readyTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Retries of 423 (another operation in progress), 429 and 5xx, with exponential backoff. */
  retries?: number;
  retryBaseDelayMs?: number;
  /** For tests: the API's base URL. */
  apiBaseUrl?: string;
}

const NAME_PREFIX = 'pgdr-review-';

/**
 * The `neon` provider: each review gets a Neon branch of a parent that holds production-like
 * data, so durations and plans are real. The parent already is the deployed state, so the
 * base history is not applied again. A branch is created with its own read-write compute and
 * an expiry, used only through the connection string of that new compute (never the parent's),
 * and deleted afterwards. Its owner role is not a superuser; the watchdog and lock observer use
 * a second session as that same role, which Postgres allows to cancel its own backends.
 */
export class NeonSandbox implements Sandbox {
  private readonly branches = new Set<Branch>();
  serverVersion: string;

  private constructor(
    private readonly api: Api<unknown>,
    private readonly options: NeonSandboxOptions,
    readonly majorVersion: number,
  ) {
    this.serverVersion = String(majorVersion);
  }

  static async open(options: NeonSandboxOptions): Promise<NeonSandbox> {
    const api = createApiClient({ apiKey: options.apiKey, ...(options.apiBaseUrl ? { baseURL: options.apiBaseUrl } : {}) });
    const sandbox = new NeonSandbox(api, options, 0);
    try {
      const project = await sandbox.withRetry(() => api.getProject(options.projectId));
      return new NeonSandbox(api, options, project.data.project.pg_version);
    } catch (error) {
      throw new SandboxError(`reading Neon project ${options.projectId}: ${describeApiError(error)}`);
    }
  }

  /** The parent branch already holds the deployed history: there is nothing to build. */
  async prepareBase(_files: ParsedFile[]): Promise<BaseState> {
    return { templateDatabase: this.options.parentBranchId };
  }

  async openBranch(base: BaseState): Promise<Branch> {
    const name = `${NAME_PREFIX}${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const expiresAt = new Date(Date.now() + (this.options.expiresInMinutes ?? 60) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let created;
    try {
      created = (
        await this.withRetry(() =>
          this.api.createProjectBranch(this.options.projectId, {
            branch: { name, parent_id: base.templateDatabase, expires_at: expiresAt },
            endpoints: [{ type: EndpointType.ReadWrite }],
          }),
        )
      ).data;
    } catch (error) {
      throw new SandboxError(`creating a Neon branch of ${base.templateDatabase}: ${describeApiError(error)}`);
    }
    const branchId = created.branch.id;
    try {
      const endpoint = created.endpoints?.[0];
      if (!endpoint) throw new SandboxError('Neon created the branch without a compute endpoint');
      const uri = created.connection_uris?.[0]?.connection_uri;
      if (!uri) throw new SandboxError('Neon returned no connection string for the new branch (does the parent have more than one role or database?)');
      // Never run a migration anywhere but the new branch's own compute.
      const host = parseIntoClientConfig(uri).host;
      if (host !== endpoint.host) {
        throw new SandboxError(`refusing the connection string for ${host}: it is not the new branch's compute (${endpoint.host})`);
      }
      await this.waitForOperations(created.operations.map((op) => op.id));
      const branch = await this.connectBranch(branchId, uri);
      this.branches.add(branch);
      return branch;
    } catch (error) {
      await this.deleteBranch(branchId).catch(() => undefined);
      throw error instanceof SandboxError ? error : new SandboxError(`preparing Neon branch ${branchId}: ${errorMessage(error)}`);
    }
  }

  async close(): Promise<void> {
    for (const branch of [...this.branches]) await branch.drop().catch(() => undefined);
  }

  /** Deletes review branches a crashed run left (by name prefix), older than `olderThanMs`. */
  async sweepLeftovers(olderThanMs: number): Promise<string[]> {
    const cutoff = Date.now() - olderThanMs;
    const swept: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await this.withRetry(() => this.api.listProjectBranches({ projectId: this.options.projectId, search: NAME_PREFIX, ...(cursor ? { cursor } : {}) }))
      ).data;
      for (const branch of page.branches) {
        if (!branch.name.startsWith(NAME_PREFIX) || Date.parse(branch.created_at) >= cutoff || branch.id === this.options.parentBranchId) continue;
        await this.deleteBranch(branch.id);
        swept.push(branch.id);
      }
      cursor = page.pagination?.next && page.branches.length > 0 ? page.pagination.next : undefined;
    } while (cursor);
    return swept;
  }

  private async connectBranch(branchId: string, uri: string): Promise<Branch> {
    const config = parseIntoClientConfig(uri);
    const controlPool = new pg.Pool({ ...config, application_name: 'pg-dba-review control', options: '-c search_path=pg_catalog', max: 3 });
    controlPool.on('error', () => undefined);
    const version = (await controlPool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    this.serverVersion = version.split(' ')[0]!;
    const control: BackendControl = {
      cancel: async (pid) => void (await controlPool.query('SELECT pg_cancel_backend($1)', [pid])),
      terminate: async (pid) => void (await controlPool.query('SELECT pg_terminate_backend($1)', [pid])),
      listRelationLocks: async (pid) =>
        (
          await controlPool.query<{ oid: string; mode: string; granted: boolean }>(
            `SELECT relation::int8 AS oid, mode, granted FROM pg_locks WHERE pid = $1 AND locktype = 'relation'`,
            [pid],
          )
        ).rows.map((row): RelationLock => ({ oid: Number(row.oid), mode: row.mode, granted: row.granted })),
      databaseSize: async (pid) => {
        const rows = (await controlPool.query<{ size: string }>('SELECT pg_database_size(datid)::int8 AS size FROM pg_stat_activity WHERE pid = $1', [pid])).rows;
        return rows[0] ? Number(rows[0].size) : undefined;
      },
    };
    const branch: Branch = {
      database: String(config.database ?? branchId),
      connect: async (purpose) => {
        const client = new pg.Client({ ...config, application_name: purpose });
        guardProtocol(client);
        client.on('error', () => undefined);
        await client.connect();
        return client;
      },
      control,
      drop: async () => {
        this.branches.delete(branch);
        await controlPool.end().catch(() => undefined);
        await this.deleteBranch(branchId);
      },
    };
    return branch;
  }

  private async waitForOperations(ids: string[]): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 120_000);
    for (const id of ids) {
      for (;;) {
        const { operation } = (await this.withRetry(() => this.api.getProjectOperation(this.options.projectId, id))).data;
        if (operation.status === 'finished' || operation.status === 'skipped') break;
        if (['failed', 'error', 'cancelled', 'cancelling'].includes(operation.status)) {
          throw new SandboxError(`Neon operation ${operation.action} ${operation.status}${operation.error ? `: ${operation.error}` : ''}`);
        }
        if (Date.now() > deadline) throw new SandboxError(`the Neon branch was not ready within ${Math.round((this.options.readyTimeoutMs ?? 120_000) / 1000)} s (operation ${operation.action} still ${operation.status})`);
        await sleep(this.options.pollIntervalMs ?? 1000);
      }
    }
  }

  private async deleteBranch(branchId: string): Promise<void> {
    try {
      await this.withRetry(() => this.api.deleteProjectBranch({ projectId: this.options.projectId, branchId }));
    } catch (error) {
      if (statusOf(error) === 404) return; // already gone (expired, or deleted by the sweeper)
      throw new SandboxError(`deleting Neon branch ${branchId}: ${describeApiError(error)}`);
    }
  }

  /** 423 (the project is busy with another operation), 429 and 5xx are retried with backoff. */
  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    const retries = this.options.retries ?? 6;
    const base = this.options.retryBaseDelayMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const status = statusOf(error);
        const retriable = status === 423 || status === 429 || (status !== undefined && status >= 500);
        if (!retriable || attempt >= retries) throw error;
        await sleep(base * 2 ** attempt * (0.75 + Math.random() / 2));
      }
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } }).response?.status;
}

function describeApiError(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: { message?: string } } }).response;
  if (response?.status) return `HTTP ${response.status}${response.data?.message ? `: ${response.data.message}` : ''}`;
  return errorMessage(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
