import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { runAction } from '../../src/github/run-action.js';
import { ReviewQueue } from '../../src/review/review-queue.js';
import { fakeReview } from './helpers/fake-review.js';
import { COMMENT_MARKER as COMMENT_MARKER_FOR_TESTS } from '../../src/report/build-comment-model.js';
import { BASE, HEAD, REPO, fixture, mockDiscovery, mockGitHub, mockNoConfig, recorder } from './helpers/app-harness.js';

describe('the GitHub Action', () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test('reviews the workflow event with GITHUB_TOKEN: same check and comment, written by github-actions[bot]', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-dba-review-action-'));
    const eventPath = path.join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(fixture('pull_request.opened')));
    const { bodies, record } = recorder();
    const github = mockGitHub();
    github.post(`${REPO}/check-runs`).matchHeader('authorization', 'token ghs_workflow').reply(201, { id: 1101 });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, [{ id: 40, body: `${COMMENT_MARKER_FOR_TESTS}\nold`, user: { login: 'github-actions[bot]', type: 'Bot' } }]);
    github.get(`${REPO}/pulls/7`).reply(200, { head: { sha: HEAD }, base: { sha: BASE } });
    github.patch(`${REPO}/issues/comments/40`, record('comment')).reply(200, {});
    github.patch(`${REPO}/check-runs/1101`, record('complete')).reply(200, {});

    const code = await runAction(
      { queue: new ReviewQueue(), review: async (request) => fakeReview(request) },
      { GITHUB_TOKEN: 'ghs_workflow', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_RUN_ID: '99', LOG_LEVEL: 'fatal' },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('failure');
  });

  test('without a token it says what is missing', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
    expect(await runAction({ queue: new ReviewQueue(), review: async (request) => fakeReview(request) }, {})).toBe(2);
    spy.mockRestore();
    expect(errors[0]).toContain('GITHUB_TOKEN');
  });
});
