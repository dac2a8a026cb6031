import type { ProbotOctokit } from 'probot';
import type { CheckOutcome } from '../review/ports.js';
import type { UnfinishedReview } from '../queue/pg-review-queue.js';
import { completeCheckRun } from './complete-check-run.js';

export interface ReconcileDependencies {
  listUnfinished(): Promise<UnfinishedReview[]>;
  /** True when this instance won the review (several instances reconcile at once). */
  claimForReconcile(checkRunId: number): Promise<boolean>;
  releaseClaim(checkRunId: number): Promise<void>;
  octokitFor(installationId: number): Promise<ProbotOctokit>;
  log: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

/**
 * The periodic reconcile: check runs the queue still holds as unfinished although no worker
 * will finish them (every attempt crashed, a worker hung past the time limit, the job was
 * lost) are completed as neutral with the reason, so no pull request waits on a check that
 * stays in progress. Returns the check runs it completed.
 */
export async function reconcileChecks(deps: ReconcileDependencies): Promise<number[]> {
  const completed: number[] = [];
  for (const review of await deps.listUnfinished()) {
    if (!(await deps.claimForReconcile(review.checkRunId))) continue;
    try {
      const octokit = await deps.octokitFor(review.installationId);
      await completeCheckRun(octokit, { owner: review.owner, repo: review.repo }, review.checkRunId, orphaned(review));
      completed.push(review.checkRunId);
      deps.log.info({ repo: `${review.owner}/${review.repo}`, sha: review.headSha, checkRunId: review.checkRunId, jobState: review.jobState }, 'orphaned check completed');
    } catch (error) {
      // The next pass tries again (GitHub down, installation removed...).
      await deps.releaseClaim(review.checkRunId).catch(() => undefined);
      deps.log.warn({ err: error, checkRunId: review.checkRunId }, 'completing an orphaned check failed');
    }
  }
  return completed;
}

function orphaned(review: UnfinishedReview): CheckOutcome {
  return {
    conclusion: 'neutral',
    title: 'Not completed: the review worker stopped',
    summary: `The review of ${review.headSha.slice(0, 7)} was started but never finished: ${review.reason}. Re-run it with the "Re-run" button or \`/pg-review run\`.`,
    annotations: [],
  };
}
