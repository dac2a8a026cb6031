import nock from 'nock';
import { COMMENT_MARKER } from '../../src/report/build-comment-model.js';
import { BASE, BOT, HEAD, REPO, base64, fixture, mockGitHub, mockInstallationToken, mockConfig, mockNoConfig, startTestApp, type TestApp } from './helpers/app-harness.js';

const MIGRATION = 'db/migrations/0002_orders_customer_idx.sql';
const MIGRATION_SQL = '-- speeds up the customer page\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n';
const APPLIED_SQL = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n';

describe('pull_request events', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test('a PR with a migration: check in progress at once, then the comment and a failed check with an annotation on the line', async () => {
    const bodies: Record<string, any> = {};
    const github = mockGitHub();
    mockInstallationToken(github);
    // 1. the check appears at once, in progress
    github
      .post(`${REPO}/check-runs`, (body) => {
        bodies.create = body;
        return true;
      })
      .reply(201, { id: 555 });
    // 2. config: none in the repository, none in the organisation's .github repository
    mockNoConfig(github);
    // 3. the PR's files (one page), the base tree, the applied migration's blob, the new migration at head
    github
      .get(`${REPO}/pulls/7/files`)
      .query({ per_page: 100 })
      .reply(200, [
        { filename: MIGRATION, status: 'added', additions: 2, deletions: 0 },
        { filename: 'README.md', status: 'modified', additions: 1, deletions: 0 },
      ]);
    github
      .get(`${REPO}/git/trees/${BASE}`)
      .query({ recursive: 'true' })
      .reply(200, {
        sha: BASE,
        truncated: false,
        tree: [
          { path: 'db', type: 'tree', sha: 'd1' },
          { path: 'db/migrations', type: 'tree', sha: 'd2' },
          { path: 'db/migrations/0001_create_orders.sql', type: 'blob', sha: 'a1' },
          { path: 'README.md', type: 'blob', sha: 'r1' },
        ],
      });
    github.get(`${REPO}/git/blobs/a1`).reply(200, { sha: 'a1', encoding: 'base64', content: base64(APPLIED_SQL) });
    github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: HEAD }).reply(200, MIGRATION_SQL);
    // 4. acknowledgements and the sticky comment: no bot comment yet
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, [
      { id: 1, body: `${COMMENT_MARKER} written by someone else`, user: { login: 'mallory', type: 'User' } },
    ]);
    // 5. still the PR's head?
    github.get(`${REPO}/pulls/7`).reply(200, { number: 7, head: { sha: HEAD }, base: { sha: BASE } });
    // 6. the comment is created
    github
      .post(`${REPO}/issues/7/comments`, (body) => {
        bodies.comment = body;
        return true;
      })
      .reply(201, { id: 77 });
    // 7. the check completes
    github
      .patch(`${REPO}/check-runs/555`, (body) => {
        bodies.complete = body;
        return true;
      })
      .reply(200, { id: 555 });

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();

    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.create).toMatchObject({ name: 'PostgreSQL DBA Review', head_sha: HEAD, status: 'in_progress' });
    expect(app.requests).toEqual([
      expect.objectContaining({
        base: [{ path: 'db/migrations/0001_create_orders.sql', content: APPLIED_SQL }],
        migrations: [{ path: MIGRATION, content: MIGRATION_SQL }],
        postgresMajor: 16,
      }),
    ]);
    expect(bodies.comment.body).toContain(COMMENT_MARKER);
    expect(bodies.comment.body).toContain('require-concurrent-index');
    expect(bodies.complete).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'Needs changes: 1 blocking finding in 1 migration',
        annotations: [expect.objectContaining({ path: MIGRATION, start_line: 2, end_line: 2, annotation_level: 'failure', title: 'require-concurrent-index' })],
      },
    });
  });

  test.each([
    ['no config', (github: nock.Scope) => mockNoConfig(github)],
    // Configured queries alone must not start a sandbox on every pull request.
    ['a config with queries to EXPLAIN', (github: nock.Scope) => mockConfig(github, 'queries:\n  - SELECT 1\n')],
  ])('a PR without migrations (%s): success saying so, no review, no comment, no tree request', async (_name, config) => {
    const bodies: Record<string, any> = {};
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 556 });
    config(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, [{ filename: 'src/app.ts', status: 'modified' }]);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { number: 7, head: { sha: HEAD }, base: { sha: BASE } });
    github
      .patch(`${REPO}/check-runs/556`, (body) => {
        bodies.complete = body;
        return true;
      })
      .reply(200, {});

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();

    expect(github.pendingMocks()).toEqual([]);
    expect(app.requests).toEqual([]);
    expect(bodies.complete).toMatchObject({ conclusion: 'success', output: { title: 'Nothing to review: no migration files changed' } });
    expect(bodies.complete.output.summary).toContain('No migration files changed');
  });

  test('a delivery signed with another secret is refused before any GitHub call', async () => {
    mockGitHub();
    expect(await app.deliver('pull_request', fixture('pull_request.opened'), { secret: 'wrong' })).toBe(400);
    await app.idle();
    expect(app.requests).toEqual([]);
  });

  test('a redelivery (same X-GitHub-Delivery id) is answered without a second review', async () => {
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).once().reply(201, { id: 558 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { number: 7, head: { sha: HEAD }, base: { sha: BASE } });
    github.patch(`${REPO}/check-runs/558`).reply(200, {});
    expect(await app.deliver('pull_request', fixture('pull_request.opened'), { id: 'd-1' })).toBe(200);
    expect(await app.deliver('pull_request', fixture('pull_request.opened'), { id: 'd-1' })).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
  });

  test('the bot login is looked up once with the App JWT when not configured', async () => {
    await app.close();
    app = await startTestApp({ botLogin: null });
    const github = mockGitHub();
    github.get('/app').reply(200, { id: 123, slug: 'pg-dba-review' });
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 557 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, [{ id: 5, body: `${COMMENT_MARKER}\nold`, user: { login: BOT, type: 'Bot' } }]);
    github.get(`${REPO}/pulls/7`).reply(200, { number: 7, head: { sha: HEAD }, base: { sha: BASE } });
    // migrations were removed from the PR: the existing comment is updated to say so
    github.patch(`${REPO}/issues/comments/5`, (body) => body.body.includes('Nothing to review')).reply(200, {});
    github.patch(`${REPO}/check-runs/557`).reply(200, {});
    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
  });
});
