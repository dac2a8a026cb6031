import type { Context } from 'probot';
import type { CheckOutcome } from '../review/ports.js';
import { runPullRequestReview, superseded, type PullRequestReviewRequest } from '../review/run-pull-request-review.js';
import type { AppDependencies } from './app-dependencies.js';
import { CONFIG_FILE } from './config-file.js';
import { createGitHubGateway } from './create-github-gateway.js';
import { toReviewKey } from '../queue/review-job.js';

/**
 * Creates the check in progress at once, then queues the review behind any other review of the
 * same pull request (newest head wins) and returns: the webhook is answered before it runs.
 */
export async function startReview(context: Context, request: PullRequestReviewRequest, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const repo = context.repo();
  const github = createGitHubGateway({
    octokit: context.octokit,
    repo,
    pullNumber: request.pullNumber,
    baseSha: request.baseSha,
    headSha: request.headSha,
    botLogin: deps.botLogin,
    readConfig: () => context.config(CONFIG_FILE),
  });
  const key = toReviewKey(repo.owner, repo.repo, request.pullNumber, request.headSha);
  const log = context.log.child({ repo: `${repo.owner}/${repo.repo}`, pr: request.pullNumber, sha: request.headSha });
  if (deps.jobs) {
    // QUEUE_DATABASE_URL: a worker process runs it. The shared queue admits each event once
    // across every receiver and creates the check only for a review it actually queues.
    const installationId = (context.payload as { installation?: { id: number } }).installation?.id;
    if (installationId === undefined) throw new Error('the event carries no installation id; a queued review needs one to authenticate');
    const { queries: _queries, ...plain } = request;
    const admitted = await deps.jobs.admit({ ...plain, ...repo, installationId, deliveryId: context.id, key }, () => github.createCheckRun(request.headSha));
    log.info({ trigger: request.trigger, delivery: context.id, ...admitted }, admitted.kind === 'queued' ? 'review queued' : `event not queued (${admitted.kind})`);
    return;
  }
  const checkRunId = await github.createCheckRun(request.headSha);
  log.info({ trigger: request.trigger, checkRunId }, 'review queued');
  deps.queue.schedule(key, {
    headSha: request.headSha,
    run: async (isCurrent) => {
      try {
        await runPullRequestReview(request, checkRunId, { github, review: deps.review, isCurrent, log, ...(deps.onPublished ? { onPublished: deps.onPublished } : {}) });
      } catch (error) {
        // runPullRequestReview completes the check itself; this is GitHub refusing even that.
        log.error({ err: error, checkRunId }, 'the check could not be completed');
      }
    },
    supersede: async (reason) => {
      try {
        await github.completeCheckRun(checkRunId, reason === 'shutdown' ? notRunShutdown() : superseded(request.headSha));
      } catch (error) {
        log.error({ err: error, checkRunId }, 'the superseded check could not be completed');
      }
    },
  });
}

/** The check of a review the App did not start because it was stopping (deploy, restart). */
function notRunShutdown(): CheckOutcome {
  return {
    conclusion: 'neutral',
    title: 'Not run: the App was restarting',
    summary: 'The review was queued when the App stopped. Re-run it with the "Re-run" button or `/pg-review run`.',
    annotations: [],
  };
}
