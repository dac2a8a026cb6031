import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { createApp } from '../../../src/github/create-app.js';
import type { AppDependencies } from '../../../src/github/app-dependencies.js';
import type { Review } from '../../../src/report/review.js';
import { ReviewQueue } from '../../../src/review/review-queue.js';
import type { ReviewRequest } from '../../../src/review/review-request.js';

export const SECRET = 'test-webhook-secret';
export const BASE = '1111111111111111111111111111111111111111';
export const HEAD = '2222222222222222222222222222222222222222';
export const HEAD2 = '3333333333333333333333333333333333333333';
export const BOT = 'pg-dba-review[bot]';
export const API = 'https://api.github.com';
export const REPO = '/repos/acme/shop';

export const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

/** A webhook payload fixture (shaped like GitHub's deliveries), optionally changed. */
export function fixture<T = Record<string, any>>(name: string, change?: (payload: any) => void): T {
  const payload = JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8'));
  change?.(payload);
  return payload as T;
}

/**
 * Probot merges its own throttle options over `ProbotOctokit.defaults(...)`, which would space
 * writes a second apart; the constructor gets the last word.
 */
class UnthrottledOctokit extends ProbotOctokit {
  constructor(options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) {
    super({ ...options, throttle: { ...options.throttle, enabled: false }, retry: { enabled: false } } as never);
  }
}

export interface TestApp {
  /** POSTs a delivery to the webhook endpoint, signed like GitHub signs it; returns the status. */
  deliver(event: string, payload: unknown, options?: { secret?: string; id?: string; headers?: Record<string, string | null>; rawBody?: string }): Promise<number>;
  /** Waits for queued reviews to finish. */
  idle(): Promise<void>;
  requests: ReviewRequest[];
  close(): Promise<void>;
}

/**
 * The real Probot app behind its real webhook middleware (signature verification included),
 * on 127.0.0.1, with GitHub mocked by nock and the engine replaced by `review` unless given.
 */
export async function startTestApp(
  options: {
    review?: (request: ReviewRequest) => Promise<Review>;
    botLogin?: string | null;
    /** The shared queue: reviews are admitted there instead of running in this process. */
    jobs?: AppDependencies['jobs'];
    /** GitHub's API (a fake on 127.0.0.1 for tests across processes); nock's github.com otherwise. */
    baseUrl?: string;
    /** Probot's own Octokit (retry and throttling plugins on), as in production. */
    productionOctokit?: boolean;
  } = {},
): Promise<TestApp> {
  const requests: ReviewRequest[] = [];
  const queue = new ReviewQueue(2, (error) => {
    throw error;
  });
  const deps: AppDependencies = {
    queue,
    review: async (request) => {
      requests.push(request);
      if (options.review) return options.review(request);
      const { fakeReview } = await import('./fake-review.js');
      return fakeReview(request);
    },
    ...(options.botLogin === null ? {} : { botLogin: options.botLogin ?? BOT }),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  };
  const probot = new Probot({
    appId: 123,
    privateKey,
    secret: SECRET,
    logLevel: 'fatal',
    ...(options.productionOctokit ? {} : { Octokit: UnthrottledOctokit }),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  await probot.load(createApp(deps));
  const middleware = await probot.getNodeMiddleware();
  const server = http.createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let delivery = 0;
  return {
    requests,
    async deliver(event, payload, { secret = SECRET, id, headers: extra = {}, rawBody } = {}) {
      const body = rawBody ?? JSON.stringify(payload);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': id ?? `delivery-${++delivery}`,
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      };
      // a null removes a header (a delivery without a signature)
      for (const [name, value] of Object.entries(extra)) {
        if (value === null) delete headers[name];
        else headers[name] = value;
      }
      const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers, body });
      await response.text();
      return response.status;
    },
    idle: () => queue.idle(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** nock with the network off except loopback (the webhook server, embedded Postgres). */
export function mockGitHub(): nock.Scope {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  return nock(API);
}

/** The installation token Probot fetches once per app instance. */
export function mockInstallationToken(github: nock.Scope): nock.Scope {
  return github.post('/app/installations/4242/access_tokens').reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write', pull_requests: 'write', contents: 'read' } });
}

/** No `.github/pg-dba-review.yml` in the repository nor in the organisation's `.github` repository. */
export function mockNoConfig(github: nock.Scope): nock.Scope {
  return github
    .get(`${REPO}/contents/.github%2Fpg-dba-review.yml`)
    .reply(404, { message: 'Not Found' })
    .get('/repos/acme/.github/contents/.github%2Fpg-dba-review.yml')
    .reply(404, { message: 'Not Found' });
}

export function mockConfig(github: nock.Scope, yaml: string): nock.Scope {
  return github.get(`${REPO}/contents/.github%2Fpg-dba-review.yml`).reply(200, yaml, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export const MIGRATION = 'db/migrations/0002_orders_customer_idx.sql';
export const MIGRATION_SQL = '-- speeds up the customer page\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n';
export const APPLIED = 'db/migrations/0001_create_orders.sql';
export const APPLIED_SQL = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n';

/**
 * The discovery calls of a PR adding MIGRATION on top of APPLIED, in call order:
 * changed files, the base tree, the applied migration's blob, the new migration at head.
 */
export function mockDiscovery(github: nock.Scope, options: { head?: string; times?: number; pull?: number } = {}): nock.Scope {
  const { head = HEAD, times = 1, pull = 7 } = options;
  github
    .get(`${REPO}/pulls/${pull}/files`)
    .query({ per_page: 100 })
    .times(times)
    .reply(200, [
      { filename: MIGRATION, status: 'added' },
      { filename: 'README.md', status: 'modified' },
    ]);
  github
    .get(`${REPO}/git/trees/${BASE}`)
    .query({ recursive: 'true' })
    .times(times)
    .reply(200, { sha: BASE, truncated: false, tree: [{ path: APPLIED, type: 'blob', sha: 'a1' }, { path: 'README.md', type: 'blob', sha: 'r1' }] });
  // blobs are cached by SHA across reviews, so the applied migration is fetched at most once per process
  github.get(`${REPO}/git/blobs/a1`).optionally().reply(200, { sha: 'a1', encoding: 'base64', content: base64(APPLIED_SQL) });
  github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: head }).times(times).reply(200, MIGRATION_SQL);
  return github;
}

/** Records request bodies by name, for assertions after the run. */
export function recorder(): { bodies: Record<string, any>; record(name: string): (body: any) => boolean } {
  const bodies: Record<string, any> = {};
  return {
    bodies,
    record: (name) => (body) => {
      bodies[name] = body;
      return true;
    },
  };
}
