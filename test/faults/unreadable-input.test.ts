import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { runAction } from '../../src/github/run-action.js';
import { ReviewQueue } from '../../src/review/review-queue.js';
import { runReview } from '../../src/review/run-review.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { MAX_FILE_BYTES_FOR_TESTS, unreadableFiles } from '../helpers/unreadable-files.js';
import { APPLIED, APPLIED_SQL, BASE, HEAD, MIGRATION, REPO, base64, fixture, mockGitHub, mockInstallationToken, mockNoConfig, recorder, startTestApp } from '../github/helpers/app-harness.js';

/**
 * Every door refuses the same unreadable files with "could not run" naming the file, before a
 * sandbox is started: the check lives in the engine (runReview's intake), so a door cannot
 * forget it. The CLI exits 2; the App and the Action complete a neutral check; explain replies.
 */
describe.each(unreadableFiles)('$name', ({ bytes, why }) => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.PG_DBA_REVIEW_MAX_FILE_BYTES;
    process.env.PG_DBA_REVIEW_MAX_FILE_BYTES = String(MAX_FILE_BYTES_FOR_TESTS);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PG_DBA_REVIEW_MAX_FILE_BYTES;
    else process.env.PG_DBA_REVIEW_MAX_FILE_BYTES = saved;
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test('the engine: verdict "error" naming the file, no sandbox', async () => {
    const review = await runReview(
      { base: [], migrations: [{ path: 'db/0002.sql', content: bytes.toString('utf8') }], queries: [], postgresMajor: 16, statementLimitMs: 10_000, maxFileBytes: MAX_FILE_BYTES_FOR_TESTS },
      { sandbox: () => Promise.reject(new Error('no sandbox may be started')) },
    );
    expect(review.verdict).toBe('error');
    expect(review.error?.message).toMatch(new RegExp(`^db/0002\\.sql ${why.source}`));
  });

  test('CLI check: exit 2, "could not run" naming the file (as a new migration and as --setup)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgdr-unreadable-'));
    try {
      const file = path.join(dir, '0002.sql');
      const ok = path.join(dir, '0001.sql');
      writeFileSync(file, bytes);
      writeFileSync(ok, 'CREATE TABLE orders (id int);\n');
      for (const args of [['check', '--setup', ok, file], ['check', '--setup', file, ok]]) {
        const result = await runCli(args);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`could not run the review: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${why.source}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('CLI review --repo: exit 2, naming the file', async () => {
    const { dir, git, write, remove } = createGitRepo();
    try {
      write('db/migrations/0001_orders.sql', 'CREATE TABLE orders (id int);\n');
      git('add', '-A');
      git('commit', '-qm', 'base');
      git('checkout', '-qb', 'feature');
      write('db/migrations/0002_hostile.sql', bytes);
      git('add', '-A');
      git('commit', '-qm', 'feature');
      const result = await runCli(['review', '--repo', dir, '--base', 'main']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`could not run the review: db/migrations/0002_hostile\\.sql ${why.source}`));
    } finally {
      remove();
    }
  });

  /** The discovery of a pull request whose new migration is `bytes`. */
  const mockHostileDiscovery = (github: nock.Scope) => {
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, [{ filename: MIGRATION, status: 'added' }]);
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { sha: BASE, truncated: false, tree: [{ path: APPLIED, type: 'blob', sha: 'a1' }] });
    github.get(`${REPO}/git/blobs/a1`).optionally().reply(200, { sha: 'a1', encoding: 'base64', content: base64(APPLIED_SQL) });
    github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: HEAD }).reply(200, bytes, { 'content-type': 'application/vnd.github.raw' });
  };
  const couldNotRun = new RegExp(`^Could not run: ${MIGRATION.replace(/\./g, '\\.')} ${why.source}`);

  test('App: a neutral check naming the file, no sandbox', async () => {
    const app = await startTestApp();
    try {
      const { bodies, record } = recorder();
      const github = mockGitHub();
      mockInstallationToken(github);
      github.post(`${REPO}/check-runs`).reply(201, { id: 960 });
      mockNoConfig(github);
      mockHostileDiscovery(github);
      github.patch(`${REPO}/check-runs/960`, record('complete')).reply(200, {});
      expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
      await app.idle();
      expect(github.pendingMocks()).toEqual([]);
      expect(app.requests).toEqual([]);
      expect(bodies.complete.conclusion).toBe('neutral');
      expect(bodies.complete.output.title).toMatch(couldNotRun);
    } finally {
      await app.close();
    }
  });

  test('Action: a neutral check naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgdr-action-'));
    try {
      const eventPath = path.join(dir, 'event.json');
      writeFileSync(eventPath, JSON.stringify(fixture('pull_request.opened')));
      const { bodies, record } = recorder();
      const github = mockGitHub();
      github.post(`${REPO}/check-runs`).reply(201, { id: 1102 });
      mockNoConfig(github);
      mockHostileDiscovery(github);
      github.patch(`${REPO}/check-runs/1102`, record('complete')).reply(200, {});
      const requests: unknown[] = [];
      const code = await runAction(
        { queue: new ReviewQueue(), review: async (request) => (requests.push(request), Promise.reject(new Error('no review may run'))) },
        { GITHUB_TOKEN: 'ghs_workflow', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_RUN_ID: '99', LOG_LEVEL: 'fatal' },
      );
      expect(code).toBe(0);
      expect(github.pendingMocks()).toEqual([]);
      expect(requests).toEqual([]);
      expect(bodies.complete.conclusion).toBe('neutral');
      expect(bodies.complete.output.title).toMatch(couldNotRun);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('/pg-review explain: the reply says the migrations could not run, naming the file', async () => {
    const app = await startTestApp();
    try {
      const { bodies, record } = recorder();
      const github = mockGitHub();
      mockInstallationToken(github);
      github.post(`${REPO}/issues/comments/9001/reactions`).reply(201, {});
      mockNoConfig(github);
      github.get(`${REPO}/collaborators/alice/permission`).reply(200, { permission: 'write', role_name: 'write', user: { login: 'alice' } });
      github.get(`${REPO}/pulls/7`).reply(200, { number: 7, head: { sha: HEAD }, base: { sha: BASE } });
      mockNoConfig(github);
      mockHostileDiscovery(github);
      github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, {});
      await app.deliver('issue_comment', fixture('issue_comment.created', (p) => (p.comment.body = '/pg-review explain SELECT * FROM orders')));
      await app.idle();
      expect(github.pendingMocks()).toEqual([]);
      expect(app.requests).toEqual([]);
      expect(bodies.reply.body).toMatch(new RegExp(`^Could not EXPLAIN: ${MIGRATION.replace(/\./g, '\\.')} ${why.source}`));
    } finally {
      await app.close();
    }
  });
});
