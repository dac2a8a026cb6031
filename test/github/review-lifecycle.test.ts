import nock from 'nock';
import { COMMENT_MARKER } from '../../src/report/build-comment-model.js';
import { renderComment } from '../../src/report/render-comment.js';
import type { Review } from '../../src/report/review.js';
import { fakeReview } from './helpers/fake-review.js';
import {
  BASE,
  BOT,
  HEAD,
  HEAD2,
  MIGRATION,
  MIGRATION_SQL,
  REPO,
  fixture,
  mockConfig,
  mockDiscovery,
  mockGitHub,
  mockInstallationToken,
  mockNoConfig,
  recorder,
  startTestApp,
  type TestApp,
} from './helpers/app-harness.js';

/** The comment the fake review of MIGRATION renders to. */
function expectedComment(): string {
  return renderComment(fakeReview({ base: [], migrations: [{ path: MIGRATION, content: MIGRATION_SQL }], queries: [], postgresMajor: 16, statementLimitMs: 120000 }));
}

describe('the review lifecycle', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test('a second run edits the same comment in place', async () => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 601 });
    mockNoConfig(github);
    mockDiscovery(github);
    // our earlier comment (marker + bot author), beside a human's comment quoting the marker
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, [
      { id: 10, body: `quoting ${COMMENT_MARKER}`, user: { login: 'alice', type: 'User' } },
      { id: 11, body: `${COMMENT_MARKER}\nan older review`, user: { login: BOT, type: 'Bot' } },
    ]);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.patch(`${REPO}/issues/comments/11`, record('comment')).reply(200, { id: 11 });
    github.patch(`${REPO}/check-runs/601`).reply(200, {});

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.comment.body).toBe(expectedComment());
  });

  test('an unchanged review leaves the comment alone', async () => {
    app = await startTestApp();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 602 });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, [{ id: 11, body: expectedComment(), user: { login: BOT, type: 'Bot' } }]);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    // no PATCH of comment 11: nock would fail the request, and the check below would be neutral
    github.patch(`${REPO}/check-runs/602`, (body) => body.conclusion === 'failure').reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
  });

  test('a result for an outdated head is not published: no comment, the check says superseded', async () => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 603 });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    // another process already saw a newer push
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD2 }, base: { sha: BASE } });
    github.patch(`${REPO}/check-runs/603`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete).toMatchObject({ conclusion: 'neutral', output: { title: 'Superseded by a newer commit' } });
  });

  test('a newer push while a review runs: the older result is dropped, the newer one is published', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    app = await startTestApp({
      review: async (request) => {
        if (++calls === 1) await gate;
        return fakeReview(request);
      },
    });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`, (b) => b.head_sha === HEAD).reply(201, { id: 701 });
    github.post(`${REPO}/check-runs`, (b) => b.head_sha === HEAD2).reply(201, { id: 702 });
    mockNoConfig(github);
    mockNoConfig(github);
    mockDiscovery(github, { head: HEAD });
    mockDiscovery(github, { head: HEAD2 });
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).times(2).reply(200, []);
    github.patch(`${REPO}/check-runs/701`, record('old')).reply(200, {});
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD2 }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`, record('comment')).reply(201, { id: 12 });
    github.patch(`${REPO}/check-runs/702`, record('new')).reply(200, {});

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first review is now inside the engine
    expect(await app.deliver('pull_request', fixture('pull_request.synchronize'))).toBe(200);
    release();
    await app.idle();

    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.old).toMatchObject({ conclusion: 'neutral', output: { title: 'Superseded by a newer commit' } });
    expect(bodies.new).toMatchObject({ conclusion: 'failure' });
    expect(bodies.comment.body).toContain(COMMENT_MARKER);
  });

  test('an invalid configuration completes the check as neutral, naming the key and the problem', async () => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 604 });
    mockConfig(github, 'postgres:\n  version: 9\nmigrations:\n  preset: liquibase\n');
    github.patch(`${REPO}/check-runs/604`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('neutral');
    expect(bodies.complete.output.title).toMatch(/^Could not run: the configuration could not be used: \.github\/pg-dba-review\.yml is invalid: /);
    expect(bodies.complete.output.summary).toContain('postgres.version: must be one of 14, 15, 16, 17, 18');
    expect(bodies.complete.output.summary).toContain('migrations.preset: Invalid option');
    expect(app.requests).toEqual([]);
  });

  test('migrations.sessionSettings reach the engine as the runner\'s settings; a refused one is neutral naming it', async () => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).times(2).reply(201, { id: 606 });
    mockConfig(github, 'migrations:\n  sessionSettings:\n    lock_timeout: 5s\n    statement_timeout: 15min\n');
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`).reply(201, { id: 13 });
    github.patch(`${REPO}/check-runs/606`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(app.requests).toEqual([expect.objectContaining({ sessionSettings: [{ name: 'lock_timeout', value: '5s' }, { name: 'statement_timeout', value: '15min' }] })]);

    mockConfig(github, 'migrations:\n  sessionSettings:\n    role: admin\n');
    mockDiscovery(github, { head: HEAD2 });
    github.patch(`${REPO}/check-runs/606`, record('refused')).reply(200, {});
    await app.deliver('pull_request', fixture('pull_request.synchronize'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.refused.conclusion).toBe('neutral');
    expect(bodies.refused.output.title).toMatch(/session setting "role" is refused/);
    expect(app.requests).toHaveLength(1);
  });

  test('YAML that does not parse is reported the same way', async () => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 605 });
    mockConfig(github, 'migrations: [unclosed\n');
    github.patch(`${REPO}/check-runs/605`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('neutral');
    expect(bodies.complete.output.summary).toContain('invalid YAML');
  });

  test('an engine failure (Postgres did not start) is neutral, and the comment says it could not run', async () => {
    // as runReview answers when the sandbox does not start: every migration skipped, verdict error
    const down = (review: Review): Review => ({
      ...review,
      verdict: 'error',
      error: { message: 'starting embedded PostgreSQL 16 on port 5999: could not bind' },
      migrations: review.migrations.map((m) => ({ ...m, status: 'skipped', statements: [] })),
      findings: [],
      notEvaluated: ['require-concurrent-index'],
    });
    app = await startTestApp({ review: async (request) => down(fakeReview(request)) });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 606 });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`, record('comment')).reply(201, { id: 13 });
    github.patch(`${REPO}/check-runs/606`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete).toMatchObject({ conclusion: 'neutral', output: { title: 'Could not run: starting embedded PostgreSQL 16 on port 5999: could not bind' } });
    expect(bodies.comment.body).toContain('Could not run');
  });

  test('a review past its time limit is neutral, never left in progress', async () => {
    app = await startTestApp({ review: () => new Promise<Review>(() => undefined) });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 607 });
    mockConfig(github, 'reviewTimeoutSeconds: 0.1\n');
    mockDiscovery(github);
    github.patch(`${REPO}/check-runs/607`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('neutral');
    expect(bodies.complete.output.title).toContain('longer than its time limit of 0 s (reviewTimeoutSeconds)');
  });

  test('a GitHub error during discovery still completes the check as neutral', async () => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 608 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(502, { message: 'Server Error' });
    github.patch(`${REPO}/check-runs/608`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete).toMatchObject({ conclusion: 'neutral' });
    expect(bodies.complete.output.title).toContain('the review failed');
  });
});
