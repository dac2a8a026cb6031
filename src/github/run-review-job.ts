import type { ProbotOctokit } from 'probot';
import type { ReviewJob } from '../queue/review-job.js';
import type { Review } from '../report/review.js';
import type { ReviewRequest } from '../review/review-request.js';
import { runPullRequestReview, superseded } from '../review/run-pull-request-review.js';
import { createGitHubGateway } from './create-github-gateway.js';
import { readRepositoryConfig } from './read-repository-config.js';

/** What a worker needs from the shared queue while it runs one job. */
export interface JobQueueView {
  latestHead(key: string): Promise<string | undefined>;
  isFinished(checkRunId: number): Promise<boolean>;
  markFinished(checkRunId: number, outcome: string): Promise<void>;
}

export interface ReviewJobDependencies {
  queue: JobQueueView;
  /** An installation-authenticated Octokit (tokens cached by Probot). */
  octokitFor(installationId: number): Promise<ProbotOctokit>;
  botLogin: string;
  review: (request: ReviewRequest) => Promise<Review>;
  log: { info(object: object, message: string): void; warn(object: object, message: string): void; error(object: object, message: string): void };
  /** How often a running review re-reads the latest head of its pull request. */
  currentCheckIntervalMs?: number;
}

/**
 * A queue worker's review of one job, the same review and publishing as in-process:
 *   1. done?       a job delivered again after its check was completed does nothing (at-least-once);
 *   2. current?    a job whose head is no longer the pull request's latest completes its check as
 *                  superseded and never runs (a newer push replaced it while it waited);
 *   3. review      runPullRequestReview, with `isCurrent` fed by the queue's latest head, and the
 *                  head re-read from the queue as well as from GitHub before publishing;
 *   4. record      the check run is marked finished, so a redelivery of the job is a no-op.
 * Anything thrown (GitHub refusing even the neutral check) fails the attempt: pg-boss retries it.
 */
export async function runReviewJob(job: ReviewJob, attempt: number, deps: ReviewJobDependencies): Promise<'finished' | 'superseded' | 'already-done'> {
  const log = { repo: `${job.owner}/${job.repo}`, pr: job.pullNumber, sha: job.headSha, checkRunId: job.checkRunId, delivery: job.deliveryId, attempt };
  // 1. done?
  if (await deps.queue.isFinished(job.checkRunId)) {
    deps.log.info(log, 'job delivered again after its check was completed; nothing to do');
    return 'already-done';
  }
  const octokit = await deps.octokitFor(job.installationId);
  const repo = { owner: job.owner, repo: job.repo };
  const base = createGitHubGateway({
    octokit,
    repo,
    pullNumber: job.pullNumber,
    baseSha: job.baseSha,
    headSha: job.headSha,
    botLogin: deps.botLogin,
    readConfig: () => readRepositoryConfig(octokit, repo),
  });

  // 2. current?
  let latest = (await deps.queue.latestHead(job.key)) ?? job.headSha;
  if (latest !== job.headSha) {
    await base.completeCheckRun(job.checkRunId, superseded(job.headSha, latest));
    await deps.queue.markFinished(job.checkRunId, 'superseded');
    deps.log.info({ ...log, latest }, 'superseded before it started');
    return 'superseded';
  }

  // 3. review
  const timer = setInterval(() => {
    deps.queue.latestHead(job.key).then(
      (sha) => (latest = sha ?? latest),
      () => undefined,
    );
  }, deps.currentCheckIntervalMs ?? 2000);
  timer.unref();
  const github = {
    ...base,
    // The queue knows of a newer push even before GitHub's API shows it.
    currentHeadSha: async () => {
      const queued = await deps.queue.latestHead(job.key);
      return queued !== undefined && queued !== job.headSha ? queued : base.currentHeadSha();
    },
  };
  try {
    deps.log.info({ ...log, trigger: job.trigger }, 'review started');
    const result = await runPullRequestReview(
      { pullNumber: job.pullNumber, baseSha: job.baseSha, headSha: job.headSha, trigger: job.trigger },
      job.checkRunId,
      { github, review: deps.review, isCurrent: () => latest === job.headSha, log: deps.log },
    );
    // 4. record
    await deps.queue.markFinished(job.checkRunId, result.outcome);
    return 'finished';
  } finally {
    clearInterval(timer);
  }
}
