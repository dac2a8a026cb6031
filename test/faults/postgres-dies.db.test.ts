import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { reviewOnPool } from '../../src/github/app-dependencies.js';
import type { EmbeddedSandbox } from '../../src/sandbox/embedded.js';
import { SandboxPool } from '../../src/sandbox/sandbox-pool.js';
import { waitFor } from '../queue/helpers/queue-cluster.js';
import { APPLIED, APPLIED_SQL, BASE, HEAD, HEAD2, MIGRATION, REPO, base64, fixture, mockGitHub, mockInstallationToken, mockNoConfig, recorder, startTestApp, type TestApp } from '../github/helpers/app-harness.js';

/**
 * The embedded cluster's postmaster is killed (SIGKILL) while a migration runs: the review ends
 * with a neutral check, the dead cluster's data directory is removed, and the next review
 * starts a fresh cluster and is published normally. Real engine, GitHub mocked by nock.
 */
describe('Postgres dying in the middle of a review', () => {
  let app: TestApp;
  const pool = new SandboxPool();
  afterAll(async () => {
    await app?.close();
    await pool.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const mockReview = (github: nock.Scope, head: string, sql: string, checkRunId: number) => {
    github.post(`${REPO}/check-runs`, (b) => b.head_sha === head).reply(201, { id: checkRunId });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, [{ filename: MIGRATION, status: 'added' }]);
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { sha: BASE, truncated: false, tree: [{ path: APPLIED, type: 'blob', sha: 'a1' }] });
    github.get(`${REPO}/git/blobs/a1`).optionally().reply(200, { sha: 'a1', encoding: 'base64', content: base64(APPLIED_SQL) });
    github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: head }).reply(200, sql, { 'content-type': 'application/vnd.github.raw' });
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).optionally().reply(200, []);
    github.get(`${REPO}/pulls/7`).optionally().reply(200, { head: { sha: head }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`).optionally().reply(201, { id: 5 });
  };

  test('neutral check, sandbox removed, the next review on a new cluster', async () => {
    app = await startTestApp({ review: reviewOnPool(pool) });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    mockReview(github, HEAD, 'SELECT pg_sleep(60);\n', 961);
    github.patch(`${REPO}/check-runs/961`, record('first')).reply(200, {});

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await waitFor('the review to reach the sandbox', () => app.requests.length === 1);
    const sandbox = (await pool.get(16)) as EmbeddedSandbox;
    const dataDir = sandbox.dataDir;
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // The migration's backend is sleeping in pg_sleep: a child of *this* cluster's postmaster whose
    // process title names a review database (other test files run clusters of their own meanwhile).
    const sleeping = () =>
      execFileSync('ps', ['-eo', 'ppid=,args='], { encoding: 'utf8' })
        .split('\n')
        .some((line) => Number(line.trim().split(/\s+/)[0]) === postmaster && /pgdr_review_\S+ .*SELECT/.test(line));
    await waitFor('the migration to run', sleeping, 60_000);
    process.kill(postmaster, 'SIGKILL');

    await waitFor('the check to complete', () => bodies.first, 60_000);
    expect(bodies.first.conclusion).toBe('neutral');
    expect(bodies.first.output.title).toMatch(/^Could not run: the sandbox PostgreSQL stopped during the review \(Connection terminated unexpectedly at line 1\)/);
    await waitFor('the dead cluster to be removed', () => !existsSync(dataDir), 30_000);

    mockReview(github, HEAD2, 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n', 962);
    github.patch(`${REPO}/check-runs/962`, record('second')).reply(200, {});
    await app.deliver('pull_request', fixture('pull_request.synchronize'));
    await app.idle();
    expect(bodies.second.conclusion).toBe('failure'); // require-concurrent-index, measured on a new cluster
    expect(((await pool.get(16)) as EmbeddedSandbox).dataDir).not.toBe(dataDir);
  }, 180_000);
});
