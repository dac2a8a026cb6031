import nock from 'nock';
import pg from 'pg';
import { NeonSandbox, type NeonSandboxOptions } from '../../../src/sandbox/neon.js';
import { reviewSql, statementsOf } from '../../helpers/review-sql.js';

/**
 * The Neon API is mocked with nock, with the shapes of its real responses; the "branch" it
 * hands out is a real database on this machine's PostgreSQL, so the review itself is real.
 */
const ADMIN_URL = process.env.PG_DBA_REVIEW_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const API = 'https://console.neon.tech/api/v2';
const PROJECT = 'spring-example-302709';
const PARENT = 'br-main-123456';
const OWNER = `neon_owner_${process.pid}`;
const DATABASE = `neon_${process.pid}`;
const BRANCH_URI = `postgres://${OWNER}:secret@127.0.0.1:5432/${DATABASE}`;

const options: NeonSandboxOptions = { apiKey: 'napi_test', projectId: PROJECT, parentBranchId: PARENT, pollIntervalMs: 5, retryBaseDelayMs: 5 };

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const project = { project: { id: PROJECT, name: 'shop', pg_version: 15, platform_id: 'aws', region_id: 'aws-us-east-2', owner_id: 'u', proxy_host: 'us-east-2.aws.neon.tech', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' } };

function createdBranch(id: string, endpointHost: string, uri: string) {
  return {
    branch: { id, project_id: PROJECT, parent_id: PARENT, name: 'pgdr-review-x', current_state: 'init', pending_state: 'ready', created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z' },
    endpoints: [{ host: endpointHost, id: 'ep-silent-smoke-806639', project_id: PROJECT, branch_id: id, type: 'read_write', current_state: 'init', pending_state: 'active', autoscaling_limit_min_cu: 0.25, autoscaling_limit_max_cu: 0.25, region_id: 'aws-us-east-2', settings: {}, pooler_enabled: false, pooler_mode: 'transaction', disabled: false, passwordless_access: true, created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z', proxy_host: 'us-east-2.aws.neon.tech', suspend_timeout_seconds: 0, provisioner: 'k8s-neonvm' }],
    operations: [
      { id: 'op-create-branch', project_id: PROJECT, branch_id: id, action: 'create_branch', status: 'running', failures_count: 0, created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z', total_duration_ms: 0 },
      { id: 'op-start-compute', project_id: PROJECT, branch_id: id, endpoint_id: 'ep-silent-smoke-806639', action: 'start_compute', status: 'scheduling', failures_count: 0, created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z', total_duration_ms: 0 },
    ],
    roles: [{ branch_id: id, name: OWNER, protected: false, created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z' }],
    databases: [{ id: 1, branch_id: id, name: DATABASE, owner_name: OWNER, created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z' }],
    connection_uris: [{ connection_uri: uri, connection_parameters: { database: DATABASE, password: 'secret', role: OWNER, host: endpointHost, pooler_host: endpointHost } }],
  };
}

const operation = (id: string, action: string, status: string, error?: string) => ({
  operation: { id, project_id: PROJECT, action, status, failures_count: 0, created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z', total_duration_ms: 10, ...(error ? { error } : {}) },
});

describe('neon provider', () => {
  beforeAll(async () => {
    await admin(`CREATE ROLE ${OWNER} LOGIN PASSWORD 'secret'`);
    await admin(`CREATE DATABASE ${DATABASE} OWNER ${OWNER}`);
    const parentData = new pg.Client({ connectionString: BRANCH_URI });
    await parentData.connect();
    await parentData.query('CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint); INSERT INTO orders SELECT g, g % 100 FROM generate_series(1, 5000) g');
    await parentData.end();
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin(`DROP ROLE IF EXISTS ${OWNER}`);
  });

  test('creates a branch with its own compute and an expiry, retries 423, waits until ready, reviews on it, deletes it', async () => {
    let requested: { branch: { name: string; parent_id: string; expires_at: string }; endpoints: Array<{ type: string }> } | undefined;
    const api = nock(API, { reqheaders: { authorization: 'Bearer napi_test' } })
      .get(`/projects/${PROJECT}`).reply(200, project)
      // Another operation is running on the project: Neon answers 423 Locked.
      .post(`/projects/${PROJECT}/branches`).reply(423, { code: 'LOCKED', message: 'project already has running operations' })
      .post(`/projects/${PROJECT}/branches`, (body) => ((requested = body), true)).reply(201, createdBranch('br-review-1', '127.0.0.1', BRANCH_URI))
      .get(`/projects/${PROJECT}/operations/op-create-branch`).reply(200, operation('op-create-branch', 'create_branch', 'running'))
      .get(`/projects/${PROJECT}/operations/op-create-branch`).reply(200, operation('op-create-branch', 'create_branch', 'finished'))
      .get(`/projects/${PROJECT}/operations/op-start-compute`).reply(200, operation('op-start-compute', 'start_compute', 'finished'))
      .delete(`/projects/${PROJECT}/branches/br-review-1`).reply(200, { branch: { id: 'br-review-1' }, operations: [] });

    const sandbox = await NeonSandbox.open(options);
    const review = await reviewSql(sandbox, { base: 'SELECT 1;', migrations: ['CREATE INDEX orders_customer_idx ON orders (customer_id);'] });

    expect(review.verdict).toBe('fail');
    expect(review.postgres.version).toMatch(/^15\./);
    expect(statementsOf(review)[0]!.locks).toEqual([expect.objectContaining({ relation: 'public.orders', mode: 'ShareLock' })]);
    expect(requested).toMatchObject({ branch: { parent_id: PARENT, name: expect.stringMatching(/^pgdr-review-/) }, endpoints: [{ type: 'read_write' }] });
    expect(Date.parse(requested!.branch.expires_at)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(api.isDone()).toBe(true);
  });

  test("never uses a connection string that is not the new branch's compute", async () => {
    const api = nock(API)
      .get(`/projects/${PROJECT}`).reply(200, project)
      .post(`/projects/${PROJECT}/branches`).reply(201, createdBranch('br-review-2', 'ep-silent-smoke-806639.us-east-2.aws.neon.tech', 'postgres://owner:pw@ep-parent-main.us-east-2.aws.neon.tech/neondb'))
      .delete(`/projects/${PROJECT}/branches/br-review-2`).reply(200, { branch: { id: 'br-review-2' }, operations: [] });
    const sandbox = await NeonSandbox.open(options);
    await expect(sandbox.openBranch(await sandbox.prepareBase([]))).rejects.toThrow(/refusing the connection string for ep-parent-main/);
    expect(api.isDone()).toBe(true);
  });

  test('a failed operation is reported with Neon\'s words and the branch is deleted', async () => {
    const api = nock(API)
      .get(`/projects/${PROJECT}`).reply(200, project)
      .post(`/projects/${PROJECT}/branches`).reply(201, createdBranch('br-review-3', '127.0.0.1', BRANCH_URI))
      .get(`/projects/${PROJECT}/operations/op-create-branch`).reply(200, operation('op-create-branch', 'create_branch', 'failed', 'branch limit exceeded'))
      .delete(`/projects/${PROJECT}/branches/br-review-3`).reply(404, { message: 'not found' });
    const sandbox = await NeonSandbox.open(options);
    await expect(sandbox.openBranch(await sandbox.prepareBase([]))).rejects.toThrow(/Neon operation create_branch failed: branch limit exceeded/);
    expect(api.isDone()).toBe(true);
  });

  test('an API that keeps failing ends the review as "could not run", after the retries', async () => {
    const api = nock(API)
      .get(`/projects/${PROJECT}`).reply(200, project)
      .post(`/projects/${PROJECT}/branches`).times(3).reply(503, { message: 'service unavailable' });
    const sandbox = await NeonSandbox.open({ ...options, retries: 2 });
    const review = await reviewSql(sandbox, { migrations: ['SELECT 1;'] });
    expect(review.verdict).toBe('error');
    expect(review.error?.message).toMatch(/creating a Neon branch of br-main-123456: HTTP 503: service unavailable/);
    expect(api.isDone()).toBe(true);
  });

  test('the sweeper deletes only old review branches', async () => {
    const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const recent = new Date().toISOString();
    const branch = (id: string, name: string, created_at: string) => ({ id, project_id: PROJECT, name, created_at, updated_at: created_at, current_state: 'ready' });
    const api = nock(API)
      .get(`/projects/${PROJECT}`).reply(200, project)
      .get(`/projects/${PROJECT}/branches`).query({ search: 'pgdr-review-' })
      .reply(200, { branches: [branch('br-old', 'pgdr-review-old', old), branch('br-new', 'pgdr-review-new', recent), branch('br-feature', 'feature-x', old)], annotations: {}, pagination: {} })
      .delete(`/projects/${PROJECT}/branches/br-old`).reply(200, { branch: { id: 'br-old' }, operations: [] });
    const sandbox = await NeonSandbox.open(options);
    expect(await sandbox.sweepLeftovers(3_600_000)).toEqual(['br-old']);
    expect(api.isDone()).toBe(true);
  });
});
