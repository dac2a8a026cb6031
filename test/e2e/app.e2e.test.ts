import nock from 'nock';
import { COMMENT_MARKER } from '../../src/report/build-comment-model.js';
import { runReview } from '../../src/review/run-review.js';
import { SandboxPool } from '../../src/sandbox/sandbox-pool.js';
import {
  APPLIED,
  BASE,
  HEAD,
  MIGRATION,
  REPO,
  base64,
  fixture,
  mockGitHub,
  mockInstallationToken,
  mockNoConfig,
  recorder,
  startTestApp,
  type TestApp,
} from '../github/helpers/app-harness.js';

const APPLIED_SQL = 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL);\nINSERT INTO orders (customer_id) SELECT g % 100 FROM generate_series(1, 5000) g;\n';
const NEW_SQL = '-- speeds up the customer page\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n';

describe('the App end to end: real Probot, real engine on embedded PostgreSQL 16, GitHub mocked', () => {
  const pool = new SandboxPool();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ review: (request) => runReview(request, { sandbox: () => pool.get(request.postgresMajor) }) });
  });
  afterAll(async () => {
    await app.close();
    await pool.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test('a PR adding CREATE INDEX: the comment shows the measured ShareLock, the check fails with an annotation on line 2', async () => {
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`, record('create')).reply(201, { id: 1001 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, [{ filename: MIGRATION, status: 'added' }]);
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { truncated: false, tree: [{ path: APPLIED, type: 'blob', sha: 'e2e-a1' }] });
    github.get(`${REPO}/git/blobs/e2e-a1`).reply(200, { encoding: 'base64', content: base64(APPLIED_SQL) });
    github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: HEAD }).reply(200, NEW_SQL);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`, record('comment')).reply(201, { id: 1 });
    github.patch(`${REPO}/check-runs/1001`, record('complete')).reply(200, {});

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();

    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.comment.body).toContain(COMMENT_MARKER);
    expect(bodies.comment.body).toContain('ShareLock');
    expect(bodies.comment.body).toContain('require-concurrent-index');
    expect(bodies.complete).toMatchObject({
      conclusion: 'failure',
      output: { annotations: expect.arrayContaining([expect.objectContaining({ path: MIGRATION, start_line: 2, annotation_level: 'failure', title: 'require-concurrent-index' })]) },
    });
    expect(bodies.complete.output.summary).toMatch(/Measured on PostgreSQL 16\.\d+/);
  });
});
