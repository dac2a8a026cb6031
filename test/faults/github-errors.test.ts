import nock from 'nock';
import { BASE, HEAD, REPO, fixture, mockDiscovery, mockGitHub, mockInstallationToken, mockNoConfig, recorder, startTestApp, type TestApp } from '../github/helpers/app-harness.js';

/**
 * GitHub failing under the App, with Probot's own Octokit (retry and throttling plugins as in
 * production). What the plugins do, measured here:
 * - 5xx: @octokit/plugin-retry retries 3 times, 1 s, 4 s and 9 s apart;
 * - 429 / 403 with x-ratelimit-remaining: 0 (primary limit): Probot's onRateLimit retries twice
 *   after the reset time;
 * - 403 "secondary rate limit": Probot's onSecondaryRateLimit only logs, so the call fails.
 * Whatever is left failing ends in a neutral check that says what failed; never in progress.
 */
describe('GitHub errors during a review', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const publish = (github: nock.Scope, id: number, record: (name: string) => (body: any) => boolean) => {
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.post(`${REPO}/issues/7/comments`, record('comment')).reply(201, { id: 1 });
    github.patch(`${REPO}/check-runs/${id}`, record('complete')).reply(200, {});
  };

  test('a 502 during discovery is retried and the review is published', async () => {
    app = await startTestApp({ productionOctokit: true });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 901 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(502, { message: 'Server Error' });
    mockDiscovery(github);
    publish(github, 901, record);

    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete).toMatchObject({ conclusion: 'failure' });
    expect(bodies.comment.body).toContain('require-concurrent-index');
  }, 30_000);

  test('a 502 that persists past the retries ends in a neutral check naming the failure', async () => {
    app = await startTestApp({ productionOctokit: true });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 902 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).times(4).reply(502, { message: 'Server Error' });
    github.patch(`${REPO}/check-runs/902`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('neutral');
    expect(bodies.complete.output.title).toMatch(/^Could not run: the review failed: .*Server Error/);
    expect(app.requests).toEqual([]);
  }, 40_000);

  test('a primary rate limit (429, x-ratelimit-remaining: 0) is waited out and retried', async () => {
    app = await startTestApp({ productionOctokit: true });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 903 });
    mockNoConfig(github);
    github
      .get(`${REPO}/pulls/7/files`)
      .query({ per_page: 100 })
      .reply(429, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) });
    mockDiscovery(github);
    publish(github, 903, record);

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete).toMatchObject({ conclusion: 'failure' });
  }, 30_000);

  test('a secondary rate limit on the comment is not retried (Probot only logs it): the check is neutral and says why', async () => {
    app = await startTestApp({ productionOctokit: true });
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 904 });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github
      .post(`${REPO}/issues/7/comments`)
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' });
    github.patch(`${REPO}/check-runs/904`, record('complete')).reply(200, {});

    await app.deliver('pull_request', fixture('pull_request.opened'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('neutral');
    expect(bodies.complete.output.title).toContain('secondary rate limit');
  }, 30_000);
});
