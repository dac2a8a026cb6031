import { createProbot, type Probot, type ProbotOctokit } from 'probot';
import { PgReviewQueue, type PgReviewQueueOptions } from '../queue/pg-review-queue.js';
import type { Review } from '../report/review.js';
import type { ReviewRequest } from '../review/review-request.js';
import { reconcileChecks } from './reconcile-checks.js';
import { runReviewJob } from './run-review-job.js';

export interface WorkerOptions {
  queue: PgReviewQueueOptions;
  /** runReview bound to this worker's sandboxes. */
  review: (request: ReviewRequest) => Promise<Review>;
  /** Reviews run at once in this process (PG_DBA_REVIEW_CONCURRENCY). */
  concurrency: number;
  /** How often the reconcile pass looks for check runs left in progress (default 60 s). */
  reconcileIntervalMs?: number;
  /** A job active this long is considered stuck: the review time limit plus a margin (default 20 min). */
  staleAfterSeconds?: number;
  /** Only reviews older than this are reconciled (default 60 s). */
  reconcileGraceSeconds?: number;
  /** Probot from APP_ID, PRIVATE_KEY (GHE_HOST for GitHub Enterprise) unless given. */
  probot?: Probot;
}

export interface RunningWorker {
  /** One reconcile pass now (tests, operators). */
  reconcile(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * A queue worker (`npm run worker`): takes review jobs from the shared queue, runs the same
 * review and publishing as the App, with an installation token per job, and periodically
 * completes check runs that crashed workers left in progress.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const probot = options.probot ?? createProbot();
  const octokitFor = (installationId: number) => probot.auth(installationId) as Promise<ProbotOctokit>;
  // Probot creates its logger while it initialises, which auth() awaits.
  const app = await probot.auth();
  const log = probot.log.child({ name: 'pg-dba-review worker' });
  const { data } = await app.rest.apps.getAuthenticated();
  const botLogin = `${data?.slug}[bot]`;
  const queue = await PgReviewQueue.open(options.queue);

  const reconcile = () =>
    reconcileChecks({
      listUnfinished: () => queue.listUnfinished({ staleAfterSeconds: options.staleAfterSeconds ?? 1200, graceSeconds: options.reconcileGraceSeconds ?? 60 }),
      claimForReconcile: (id) => queue.claimForReconcile(id),
      releaseClaim: (id) => queue.releaseClaim(id),
      octokitFor,
      log,
    });
  let reconciling: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    reconciling = reconcile().catch((error: unknown) => log.warn({ err: error }, 'reconcile pass failed'));
  }, options.reconcileIntervalMs ?? 60_000);

  await queue.work(options.concurrency, async (job, attempt) => {
    await runReviewJob(job, attempt, { queue, octokitFor, botLogin, review: options.review, log });
  });
  log.info({ concurrency: options.concurrency, bot: botLogin }, 'worker started');
  return {
    reconcile,
    stop: async () => {
      clearInterval(timer);
      await reconciling;
      await queue.stop();
    },
  };
}
