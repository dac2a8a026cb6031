import type { Context } from 'probot';
import type { AppDependencies } from '../app-dependencies.js';
import { CHECK_NAME, RERUN_ACTION } from '../check-name.js';
import { startReview } from '../start-review.js';

interface CheckedPullRequest {
  number: number;
  head: { sha: string };
  base: { sha: string };
}

/**
 * The check's "Re-run" (check_run.rerequested), its "Re-run review" button
 * (check_run.requested_action) and "Re-run all checks" (check_suite.rerequested) → a new review
 * of the pull request whose head the check was for.
 */
export async function handleCheckRun(context: Context<'check_run'>, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const { check_run: run } = context.payload;
  if (run.name !== CHECK_NAME) return;
  if (context.payload.action === 'requested_action' && context.payload.requested_action?.identifier !== RERUN_ACTION) return;
  await rerun(context, run.head_sha, run.pull_requests, `check_run.${context.payload.action}`, deps);
}

export async function handleCheckSuite(context: Context<'check_suite'>, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const { check_suite: suite } = context.payload;
  await rerun(context, suite.head_sha, suite.pull_requests, `check_suite.${context.payload.action}`, deps);
}

async function rerun(context: Context, headSha: string, pulls: CheckedPullRequest[], trigger: string, deps: AppDependencies & { botLogin: string }): Promise<void> {
  let pull: CheckedPullRequest | undefined = pulls.find((p) => p.head.sha === headSha) ?? pulls[0];
  if (!pull) {
    // Fork pull requests are not listed on checks: find the open pull request by its head commit.
    const { data } = await context.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...context.repo(), commit_sha: headSha });
    pull = data.find((p) => p.state === 'open' && p.head.sha === headSha);
  }
  if (!pull) {
    context.log.info({ headSha, trigger }, 'no open pull request for this check; nothing to re-run');
    return;
  }
  await startReview(context, { pullNumber: pull.number, baseSha: pull.base.sha, headSha, trigger }, deps);
}
