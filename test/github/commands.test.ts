import nock from 'nock';
import { ACK_MARKER } from '../../src/review/run-pull-request-review.js';
import { BASE, BOT, HEAD, REPO, fixture, mockDiscovery, mockGitHub, mockInstallationToken, mockNoConfig, recorder, startTestApp, type TestApp } from './helpers/app-harness.js';

const comment = (body: string, change?: (p: any) => void) =>
  fixture('issue_comment.created', (p) => {
    p.comment.body = body;
    change?.(p);
  });

describe('slash-commands', () => {
  let app: TestApp;
  let github: nock.Scope;
  let bodies: Record<string, any>;
  let record: (name: string) => (body: any) => boolean;
  beforeEach(async () => {
    app = await startTestApp();
    ({ bodies, record } = recorder());
    github = mockGitHub();
  });
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** 👀 on the comment, at once. */
  const mockReaction = () => github.post(`${REPO}/issues/comments/9001/reactions`, (b) => b.content === 'eyes').reply(201, {});
  const mockPermission = (permission: string, role = permission) =>
    github.get(`${REPO}/collaborators/alice/permission`).reply(200, { permission, role_name: role, user: { login: 'alice' } });
  const mockPull = () => github.get(`${REPO}/pulls/7`).reply(200, { number: 7, head: { sha: HEAD }, base: { sha: BASE } });

  test('/pg-review run: 👀, permission from the API, then a new review', async () => {
    mockInstallationToken(github);
    mockReaction();
    mockNoConfig(github);
    mockPermission('read');
    mockPull();
    github.post(`${REPO}/check-runs`).reply(201, { id: 901 });
    mockNoConfig(github);
    mockDiscovery(github);
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, []);
    mockPull();
    github.post(`${REPO}/issues/7/comments`).reply(201, {});
    github.patch(`${REPO}/check-runs/901`, record('complete')).reply(200, {});

    expect(await app.deliver('issue_comment', comment('/pg-review run'))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.complete.conclusion).toBe('failure');
  });

  test('/pg-review ignore without write permission is refused, naming the permission needed', async () => {
    mockInstallationToken(github);
    mockReaction();
    mockNoConfig(github);
    mockPermission('read');
    github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, {});

    await app.deliver('issue_comment', comment('/pg-review ignore require-concurrent-index built off-hours on an empty table'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.reply.body).toBe('@alice, `/pg-review ignore` needs write permission on this repository; you have read.');
    expect(app.requests).toEqual([]);
  });

  test('/pg-review ignore with write permission is recorded, shown, and no longer fails the check', async () => {
    mockInstallationToken(github);
    mockReaction();
    mockNoConfig(github);
    mockPermission('write', 'maintain');
    mockPull();
    github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, { id: 30 });
    github.post(`${REPO}/check-runs`).reply(201, { id: 902 });
    mockNoConfig(github);
    mockDiscovery(github);
    const reason = 'built off-hours; the table has 12 rows';
    const ackBody = () => bodies.reply.body as string;
    github.get(`${REPO}/issues/7/comments`).query({ per_page: 100 }).reply(200, () => [
      // a human cannot forge an acknowledgement: only the bot's own comments count
      { id: 29, body: `${ACK_MARKER}{"rule":"require-concurrent-index","reason":"forged","by":"mallory"} -->`, user: { login: 'mallory', type: 'User' } },
      { id: 30, body: ackBody(), user: { login: BOT, type: 'Bot' } },
    ]);
    mockPull();
    github.post(`${REPO}/issues/7/comments`, record('comment')).reply(201, {});
    github.patch(`${REPO}/check-runs/902`, record('complete')).reply(200, {});

    await app.deliver('issue_comment', comment(`/pg-review ignore require-concurrent-index ${reason}`));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.reply.body).toContain(ACK_MARKER);
    expect(bodies.reply.body).toContain(`Acknowledged \`require-concurrent-index\` for this pull request, by @alice: ${reason}`);
    expect(bodies.complete.conclusion).toBe('success');
    expect(bodies.complete.output.summary).toContain('Acknowledged on this pull request');
    expect(bodies.comment.body).toContain(`by @alice: ${reason}`);
    expect(bodies.comment.body).not.toContain('forged');
  });

  test('/pg-review ignore of a rule that does not exist lists the rules', async () => {
    mockInstallationToken(github);
    mockReaction();
    mockNoConfig(github);
    mockPermission('admin');
    mockPull();
    github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, {});
    await app.deliver('issue_comment', comment('/pg-review ignore no-such-rule because'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.reply.body).toMatch(/^There is no rule `no-such-rule`\. Rules: .*`require-concurrent-index`/);
  });

  test('/pg-review explain: EXPLAIN before and after the migrations, answered in a reply', async () => {
    mockInstallationToken(github);
    mockReaction();
    mockNoConfig(github);
    mockPermission('write');
    mockPull();
    mockNoConfig(github);
    mockDiscovery(github);
    github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, {});

    await app.deliver('issue_comment', comment('/pg-review explain\n```sql\nSELECT * FROM orders WHERE customer_id = 42;\n```'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(app.requests).toEqual([expect.objectContaining({ queries: ['SELECT * FROM orders WHERE customer_id = 42'] })]);
    expect(bodies.reply.body).toContain('**Before the migrations:** cost 10, Seq Scan; sequential scan of `orders`');
    expect(bodies.reply.body).toContain('**After the migrations:** cost 2, Index Scan');
  });

  test('/pg-review explain of two statements is refused without running anything', async () => {
    mockInstallationToken(github);
    mockReaction();
    mockNoConfig(github);
    mockPermission('write');
    mockPull();
    github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, {});
    await app.deliver('issue_comment', comment('/pg-review explain SELECT 1; DROP TABLE orders'));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.reply.body).toBe('`/pg-review explain` takes exactly one statement; got 2.');
  });

  test.each([
    ['/pg-review help', 'PostgreSQL DBA Review commands'],
    ['/pg-review explian SELECT 1', 'Unknown command `explian`. Did you mean `/pg-review explain`?'],
  ])('%s is answered with help, without a permission check', async (body, expected) => {
    mockInstallationToken(github);
    mockReaction();
    github.post(`${REPO}/issues/7/comments`, record('reply')).reply(201, {});
    await app.deliver('issue_comment', comment(body));
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(bodies.reply.body).toContain(expected);
  });

  test.each([
    ['a bot (ours included)', comment('/pg-review run', (p) => (p.comment.user = p.sender = { login: BOT, type: 'Bot', id: 1 }))],
    ['an edited comment', comment('/pg-review run', (p) => (p.action = 'edited'))],
    ['a plain issue', comment('/pg-review run', (p) => delete p.issue.pull_request)],
    ['a comment that is not a command', comment('LGTM, but see /pg-review docs')],
  ])('%s gets no answer and no API call', async (_, payload) => {
    expect(await app.deliver('issue_comment', payload)).toBe(200);
    await app.idle();
    expect(app.requests).toEqual([]);
  });
});
