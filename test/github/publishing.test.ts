import nock from 'nock';
import type { Review } from '../../src/report/review.js';
import { fakeReview } from './helpers/fake-review.js';
import {
  API,
  APPLIED,
  BASE,
  HEAD,
  MIGRATION,
  MIGRATION_SQL,
  REPO,
  fixture,
  mockDiscovery,
  mockGitHub,
  mockInstallationToken,
  mockNoConfig,
  startTestApp,
  type TestApp,
} from './helpers/app-harness.js';

/** A review with `count` warnings, one per line. */
function manyFindings(count: number) {
  return async (request: Parameters<typeof fakeReview>[0]): Promise<Review> => ({
    ...fakeReview(request),
    verdict: 'pass',
    findings: Array.from({ length: count }, (_, i) => ({ rule: 'table-rewrite-under-exclusive-lock', severity: 'warning' as const, file: MIGRATION, line: i + 1, message: `finding ${i + 1}`, fix: 'do it differently' })),
  });
}

describe('publishing', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** Everything before the check completes, for PR 7 adding MIGRATION. */
  function mockUntilCompletion(github: nock.Scope, checkRunId: number) {
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: checkRunId });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`).reply(201, {});
  }

  test('120 annotations go out as 50 + 50 + 20: the completing update, then two appending updates', async () => {
    app = await startTestApp({ review: manyFindings(120) });
    const github = mockGitHub();
    mockUntilCompletion(github, 1201);
    const updates: any[] = [];
    github
      .patch(`${REPO}/check-runs/1201`, (body) => updates.push(body) > 0)
      .times(3)
      .reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(updates.map((u) => u.output.annotations.length)).toEqual([50, 50, 20]);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(updates[1].conclusion).toBeUndefined();
    expect(updates[2].output.annotations.at(-1)).toMatchObject({ start_line: 120, annotation_level: 'warning' });
  });

  test('annotations GitHub refuses (422) do not keep the conclusion from being published', async () => {
    app = await startTestApp();
    const github = mockGitHub();
    mockUntilCompletion(github, 1202);
    github.patch(`${REPO}/check-runs/1202`, (body) => body.output.annotations !== undefined).reply(422, { message: 'Validation Failed' });
    github.patch(`${REPO}/check-runs/1202`, (body) => body.output.annotations === undefined && body.conclusion === 'failure' && body.output.summary.includes('GitHub refused the line annotations')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
  });

  test('a PR that only edits an applied migration: a blocking finding of its own, no sandbox, no history read', async () => {
    app = await startTestApp();
    const github = mockGitHub();
    const completions: any[] = [];
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 1203 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, [{ filename: APPLIED, status: 'modified' }]);
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { truncated: false, tree: [{ path: APPLIED, type: 'blob', sha: 'edit-a1' }] });
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`, (body) => body.body.includes('edited-applied-migration')).reply(201, {});
    github.patch(`${REPO}/check-runs/1203`, (body) => completions.push(body) > 0).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(app.requests).toEqual([]);
    expect(completions[0]).toMatchObject({
      conclusion: 'failure',
      output: { title: 'Needs changes: 1 blocking finding', annotations: [expect.objectContaining({ path: APPLIED, title: 'edited-applied-migration' })] },
    });
  });

  test("the PR's files are read page by page (100 a page, following the Link header)", async () => {
    app = await startTestApp();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 1204 });
    mockNoConfig(github);
    const page1 = Array.from({ length: 100 }, (_, i) => ({ filename: `src/file${i}.ts`, status: 'modified' }));
    github
      .get(`${REPO}/pulls/7/files`)
      .query({ per_page: 100 })
      .reply(200, page1, { link: `<${API}/repositories/123456789/pulls/7/files?per_page=100&page=2>; rel="next", <${API}/repositories/123456789/pulls/7/files?per_page=100&page=2>; rel="last"` });
    github.get('/repositories/123456789/pulls/7/files').query({ per_page: 100, page: 2 }).reply(200, [{ filename: MIGRATION, status: 'added' }]);
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { truncated: false, tree: [] });
    github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: HEAD }).reply(200, MIGRATION_SQL);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`).reply(201, {});
    github.patch(`${REPO}/check-runs/1204`).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(app.requests.map((r) => r.migrations.map((m) => m.path))).toEqual([[MIGRATION]]);
  });
});
