import nock from 'nock';
import { BASE, HEAD, REPO, fixture, mockDiscovery, mockGitHub, mockInstallationToken, mockNoConfig, recorder, startTestApp, type TestApp } from './helpers/app-harness.js';

const MERGE_HEAD = '4444444444444444444444444444444444444444';

/** The calls of a full review of PR 7 at HEAD after the check is created. */
function mockFullReview(github: nock.Scope, checkRunId: number, record: (name: string) => (body: any) => boolean): void {
  mockNoConfig(github);
  mockDiscovery(github);
  github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
  github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
  github.post(`${REPO}/issues/7/comments`).reply(201, { id: 20 });
  github.patch(`${REPO}/check-runs/${checkRunId}`, record('complete')).reply(200, {});
}

describe('check and merge queue events', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test.each([
    ['check_run', 'check_run.rerequested'],
    ['check_run', 'check_run.requested_action'],
    ['check_suite', 'check_suite.rerequested'],
  ])('%s (%s) re-runs the review of the pull request, as a new check run', async (event, name) => {
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`, record('create')).reply(201, { id: 801 });
    mockFullReview(github, 801, record);

    expect(await app.deliver(event, fixture(name))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.create).toMatchObject({ name: 'PostgreSQL DBA Review', head_sha: HEAD, status: 'in_progress' });
    expect(bodies.complete).toMatchObject({ conclusion: 'failure', actions: [{ identifier: 'rerun', label: 'Re-run review' }] });
  });

  test("another app's check run is not ours to re-run", async () => {
    mockGitHub();
    expect(await app.deliver('check_run', fixture('check_run.rerequested', (p) => (p.check_run.name = 'build')))).toBe(200);
    await app.idle();
    expect(app.requests).toEqual([]);
  });

  test('a fork pull request (no pull_requests on the check) is found by its head commit', async () => {
    const { record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.get(`${REPO}/commits/${HEAD}/pulls`).reply(200, [{ number: 7, state: 'open', head: { sha: HEAD }, base: { sha: BASE } }]);
    github.post(`${REPO}/check-runs`).reply(201, { id: 802 });
    mockFullReview(github, 802, record);
    expect(await app.deliver('check_run', fixture('check_run.rerequested', (p) => (p.check_run.pull_requests = [])))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
  });

  test('merge_group checks_requested: the same check on the queue commit, files from the compare API, no comment', async () => {
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`, record('create')).reply(201, { id: 803 });
    mockNoConfig(github);
    github
      .get(`${REPO}/compare/${BASE}...${MERGE_HEAD}`)
      .query({ per_page: 100 })
      .reply(200, { files: [{ filename: 'db/migrations/0002_orders_customer_idx.sql', status: 'added' }] });
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { truncated: false, tree: [] });
    github
      .get(`${REPO}/contents/${encodeURIComponent('db/migrations/0002_orders_customer_idx.sql')}`)
      .query({ ref: MERGE_HEAD })
      .reply(200, 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n');
    github.patch(`${REPO}/check-runs/803`, record('complete')).reply(200, {});

    expect(await app.deliver('merge_group', fixture('merge_group.checks_requested'))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.create).toMatchObject({ head_sha: MERGE_HEAD });
    expect(bodies.complete).toMatchObject({ conclusion: 'success' });
  });
});
