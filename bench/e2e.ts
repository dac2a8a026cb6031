/**
 * The real Probot App behind its real webhook middleware (signatures checked) on 127.0.0.1,
 * the real engine on one embedded PostgreSQL 16 kept across reviews (as in production), and a
 * fake GitHub on loopback. Measures webhook delivery → completed check run.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot, ProbotOctokit } from 'probot';
import type { AppDependencies } from '../src/github/app-dependencies.js';
import { createApp } from '../src/github/create-app.js';
import type { Review } from '../src/report/review.js';
import { ReviewQueue } from '../src/review/review-queue.js';
import { runReview } from '../src/review/run-review.js';
import { EmbeddedSandbox } from '../src/sandbox/embedded.js';
import { SandboxPool } from '../src/sandbox/sandbox-pool.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

const SECRET = 'bench-webhook-secret';

/** Probot would space writes a second apart and retry; GitHub's limits are not what we measure. */
class UnthrottledOctokit extends ProbotOctokit {
  constructor(options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) {
    super({ ...options, throttle: { ...options.throttle, enabled: false }, retry: { enabled: false } } as never);
  }
}

export interface PullRequestRun {
  /** Webhook POSTed → last update of the completed check run. */
  totalMs: number;
  /** Webhook → engine called: answer the webhook, create the check, read config, discover (and queue wait). */
  discoverMs: number;
  /** Engine returned → check completed: acknowledgements, head still current?, comment, check. */
  publishMs: number;
  timings: Record<string, number>;
  conclusion: string;
  verdict: Review['verdict'];
  error?: string;
}

export interface BenchApp {
  github: FakeGitHub;
  sandbox(): Promise<EmbeddedSandbox>;
  /**
   * Delivers pull_request.opened for each PR at once and waits until every check is completed.
   * `settle` (default true) first waits for background clones of earlier reviews to finish.
   */
  review(
    prs: Array<{ number: number; baseSha: string; headSha: string; base: Array<{ path: string; content: string }>; added: Array<{ path: string; content: string }> }>,
    options?: { settle?: boolean },
  ): Promise<PullRequestRun[]>;
  close(): Promise<void>;
}

export async function startBenchApp(): Promise<BenchApp> {
  // The report reads its templates next to the compiled sources (dist/../templates); the bench
  // build lives in .bench-build, so point .bench-build/templates at the real folder.
  const templates = new URL('../templates', import.meta.url);
  if (!existsSync(templates)) symlinkSync(new URL('../../templates', import.meta.url).pathname, templates.pathname, 'dir');
  const github = await startFakeGitHub();
  let started: EmbeddedSandbox | undefined;
  const pool = new SandboxPool(async (major) => (started = await EmbeddedSandbox.start({ major, spareBranch: process.env.BENCH_SPARE !== '0' })));
  // Production wiring: queue of 2 (PG_DBA_REVIEW_CONCURRENCY default), one cluster per major.
  const queue = new ReviewQueue(Number(process.env.PG_DBA_REVIEW_CONCURRENCY ?? 2));
  const engine = new Map<string, { start: number; end: number; review: Review }>();
  const deps: AppDependencies = {
    queue,
    botLogin: 'pg-dba-review[bot]',
    review: async (request) => {
      const start = performance.now();
      const review = await runReview(request, { sandbox: () => pool.get(request.postgresMajor) });
      engine.set(request.migrations[0]?.path ?? '', { start, end: performance.now(), review });
      return review;
    },
  };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const probot = new Probot({ appId: 123, privateKey, secret: SECRET, logLevel: (process.env.BENCH_LOG_LEVEL ?? 'fatal') as 'fatal', baseUrl: github.url, Octokit: UnthrottledOctokit });
  await probot.load(createApp(deps));
  const middleware = await probot.getNodeMiddleware();
  const server = http.createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const template = JSON.parse(readFileSync(new URL('../../test/fixtures/webhooks/pull_request.opened.json', import.meta.url), 'utf8')) as Record<string, any>;
  let delivery = 0;

  const deliver = async (number: number, baseSha: string, headSha: string) => {
    const payload = structuredClone(template);
    payload.number = number;
    payload.pull_request.number = number;
    payload.pull_request.head.sha = headSha;
    payload.pull_request.base.sha = baseSha;
    const body = JSON.stringify(payload);
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': `bench-${++delivery}`,
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    await response.text();
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  };

  return {
    github,
    sandbox: async () => {
      await pool.get(16);
      return started!;
    },
    async review(prs, { settle = true } = {}) {
      for (const pr of prs) github.add(pr);
      // Background clones of earlier reviews finish first: each measurement starts from a quiet cluster.
      if (settle) await started?.sparesSettled?.();
      const t0 = performance.now();
      await Promise.all(prs.map((pr) => deliver(pr.number, pr.baseSha, pr.headSha)));
      await queue.idle();
      return prs.map((pr): PullRequestRun => {
        const check = github.checksOf(pr.number).at(-1);
        const run = engine.get(pr.added[0]?.path ?? '');
        if (!check) throw new Error(`no check run completed for PR #${pr.number}`);
        if (!run) throw new Error(`the engine never ran for PR #${pr.number} (check: ${check.conclusion})`);
        return {
          totalMs: check.at - t0,
          discoverMs: run.start - t0,
          publishMs: check.at - run.end,
          timings: run.review.timings ?? {},
          conclusion: check.conclusion,
          verdict: run.review.verdict,
          ...(run.review.error ? { error: run.review.error.message } : {}),
        };
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await github.close();
      await pool.close();
    },
  };
}
