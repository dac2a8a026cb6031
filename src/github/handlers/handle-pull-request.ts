import type { Context } from 'probot';
import type { AppDependencies } from '../app-dependencies.js';
import { startReview } from '../start-review.js';

/** pull_request opened | synchronize | reopened | ready_for_review → a review of the new head. */
export async function handlePullRequest(context: Context<'pull_request'>, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const pr = context.payload.pull_request;
  await startReview(context, { pullNumber: pr.number, baseSha: pr.base.sha, headSha: pr.head.sha, trigger: `pull_request.${context.payload.action}` }, deps);
}
