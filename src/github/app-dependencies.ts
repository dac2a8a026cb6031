import { buildReview } from '../report/build-review.js';
import type { Review } from '../report/review.js';
import { PgReviewQueue } from '../queue/pg-review-queue.js';
import { queueOptionsFromEnv } from '../queue/queue-options-from-env.js';
import { providerSettingsFromEnv } from '../sandbox/open-sandbox.js';
import { sweepLeftovers } from '../sandbox/sweep-leftovers.js';
import { ReviewQueue } from '../review/review-queue.js';
import type { ReviewRequest } from '../review/review-request.js';
import { runReview } from '../review/run-review.js';
import { SandboxPool } from '../sandbox/sandbox-pool.js';

/** What the App needs beyond Probot: how to run a review, and the queue that orders them. */
export interface AppDependencies {
  /** runReview on a long-lived sandbox; tests pass a stand-in or the real engine. */
  review: (request: ReviewRequest) => Promise<Review>;
  queue: ReviewQueue;
  /**
   * The shared queue (QUEUE_DATABASE_URL): when present, pull-request reviews are admitted
   * there and run by worker processes (`npm run worker`) instead of `queue`.
   */
  jobs?: Pick<PgReviewQueue, 'admit'>;
  /** The bot's login; looked up with `GET /app` when absent. */
  botLogin?: string;
  /** Called with each published review (the Action writes its SARIF file here). */
  onPublished?: (review: Review) => Promise<void>;
  /** Stops the sandboxes (graceful shutdown, end of an Action run). */
  close?: () => Promise<void>;
}

/** Production wiring: one embedded Postgres per major, started on first use and kept. */
export function productionDependencies(): AppDependencies {
  const pool = new SandboxPool();
  const queue = new ReviewQueue(Number(process.env.PG_DBA_REVIEW_CONCURRENCY ?? 2), (error) => console.error('pg-dba-review: review failed', error));
  const queueOptions = queueOptionsFromEnv(process.env);
  // With the shared queue this process only receives webhooks; the workers run the reviews
  // (and sweep their sandboxes). Opened on first use: a queue database down at boot is retried.
  let shared: Promise<PgReviewQueue> | undefined;
  const jobs: AppDependencies['jobs'] = queueOptions && {
    admit: async (job, create) => {
      shared ??= PgReviewQueue.open(queueOptions).catch((error: unknown) => {
        shared = undefined;
        throw error;
      });
      return (await shared).admit(job, create);
    },
  };
  if (!queueOptions) void sweepAtStartup();
  // Deploys stop the process: queued reviews complete their checks as not run (never left in
  // progress), running ones get 20 s, then the clusters are removed, and a review still running
  // then (its sandbox gone) gets 5 s more to complete its check as neutral.
  const stop = () =>
    void queue
      .shutdown(20_000)
      .then(() => pool.close())
      .then(() => queue.shutdown(5_000))
      .then(() => shared?.then((q) => q.stop()))
      .catch(() => undefined)
      .finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return {
    close: () => pool.close(),
    review: reviewOnPool(pool),
    queue,
    ...(jobs ? { jobs } : {}),
  };
}

/** Removes sandboxes that crashed runs left (older than two hours), logging what went. */
export async function sweepAtStartup(): Promise<void> {
  try {
    const removed = await sweepLeftovers(providerSettingsFromEnv(process.env));
    if (removed.length > 0) console.warn(`pg-dba-review: removed leftovers of crashed runs: ${removed.join(', ')}`);
  } catch (error) {
    console.warn('pg-dba-review: sweeping leftovers failed', error);
  }
}

/**
 * runReview on the pool's long-lived sandbox. When the cluster itself is gone (crash, OOM
 * kill, postmaster killed) the review is an error (a neutral check) and the sandbox is
 * discarded, so the next review starts a fresh one.
 */
export function reviewOnPool(pool: SandboxPool): (request: ReviewRequest) => Promise<Review> {
  return async (request) => {
    const review = await runReview(request, { sandbox: () => pool.get(request.postgresMajor) });
    if (review.verdict === 'error') {
      if (isClusterGone(review.error?.message ?? '')) await pool.discard(request.postgresMajor);
      return review;
    }
    // A statement that lost its connection: the migration's fault only if the server still answers
    // (a migration may end its own session); a dead server is no verdict on the migration.
    const lost = review.migrations.flatMap((m) => m.statements).find((s) => s.error && isClusterGone(s.error.message));
    if (!lost) return review;
    const sandbox = await pool.get(request.postgresMajor).catch(() => undefined);
    const probe = sandbox as { isAlive?: () => Promise<boolean> } | undefined;
    if (!probe?.isAlive || (await probe.isAlive())) return review;
    await pool.discard(request.postgresMajor);
    return buildReview({
      postgresVersion: review.postgres.version,
      migrations: [],
      findings: [],
      notEvaluated: [],
      explain: [],
      error: `the sandbox PostgreSQL stopped during the review (${lost.error!.message} at line ${lost.line}); this says nothing about the migration, and the next review starts a new server. Re-run the review`,
    });
  };
}

/** Connection errors that mean the embedded server is no longer there. */
export function isClusterGone(message: string): boolean {
  return /ECONNREFUSED|Connection terminated unexpectedly|terminating connection due to administrator command|the database system is shutting down/i.test(message);
}
