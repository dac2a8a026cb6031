import { createHmac } from 'node:crypto';
import nock from 'nock';
import { SECRET, fixture, mockGitHub, startTestApp, type TestApp } from '../github/helpers/app-harness.js';

/**
 * Deliveries that must not start anything: forged or unsigned ones are refused before any
 * handler runs; malformed ones are answered without crashing the App, which then handles the
 * next delivery as usual. No GitHub call is made (nock would fail on any).
 */
describe('hostile and malformed webhook deliveries', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    mockGitHub(); // no interceptor: any GitHub call fails the test
  });
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const payload = fixture('pull_request.opened');
  const body = JSON.stringify(payload);
  const sign = (text: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;

  test.each<[string, Record<string, string | null>]>([
    ['no signature at all', { 'x-hub-signature-256': null }],
    ['signed with another secret', { 'x-hub-signature-256': sign(body, 'not-the-secret') }],
    ['a signature of another body', { 'x-hub-signature-256': sign(`${body} `) }],
    ['only the legacy SHA-1 signature', { 'x-hub-signature-256': null, 'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}` }],
    ['a malformed signature', { 'x-hub-signature-256': 'sha256=zz' }],
    ['an empty signature', { 'x-hub-signature-256': '' }],
  ])('%s is refused with 400 and runs nothing', async (_name, headers) => {
    expect(await app.deliver('pull_request', payload, { headers })).toBe(400);
    await app.idle();
    expect(app.requests).toEqual([]);
  });

  test.each<[string, { event: string; rawBody?: string; payload?: unknown; headers?: Record<string, string | null> }]>([
    ['a body that is not JSON', { event: 'pull_request', rawBody: '{"action": "opened", ' }],
    ['an empty body', { event: 'pull_request', rawBody: '' }],
    ['no event name', { event: 'pull_request', payload, headers: { 'x-github-event': null } }],
    ['no delivery id', { event: 'pull_request', payload, headers: { 'x-github-delivery': null } }],
    ['an event the App does not subscribe to', { event: 'star', payload: { action: 'created', repository: payload.repository, installation: payload.installation } }],
    ['pull_request without the pull request', { event: 'pull_request', payload: { ...payload, pull_request: undefined } }],
    ['pull_request without the repository', { event: 'pull_request', payload: { ...payload, repository: undefined } }],
    ['pull_request with a head that is not an object', { event: 'pull_request', payload: { ...payload, pull_request: { ...payload.pull_request, head: 'main' } } }],
    ['issue_comment without a comment', { event: 'issue_comment', payload: fixture('issue_comment.created', (p) => delete p.comment) }],
    ['check_run without the check run', { event: 'check_run', payload: fixture('check_run.rerequested', (p) => delete p.check_run) }],
    ['a JSON array', { event: 'pull_request', rawBody: '[1,2,3]' }],
  ])('%s: answered without a crash or a GitHub call; the App keeps serving', async (_name, { event, rawBody, payload: sent, headers }) => {
    const status = await app.deliver(event, sent, { ...(rawBody !== undefined ? { rawBody } : {}), ...(headers ? { headers } : {}) });
    expect(status).toBeLessThan(500);
    await app.idle();
    expect(app.requests).toEqual([]);
    // still alive: a well-formed but unsigned delivery is still refused properly
    expect(await app.deliver('pull_request', payload, { headers: { 'x-hub-signature-256': null } })).toBe(400);
  });
});
