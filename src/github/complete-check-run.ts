import type { ProbotOctokit } from 'probot';
import type { CheckOutcome } from '../review/ports.js';
import { RERUN_ACTION } from './check-name.js';
import type { RepoRef } from './create-check-run.js';
import { toAnnotations } from './to-annotations.js';

/**
 * Completes the check with its conclusion and the first 50 annotations, then appends the rest
 * 50 per update (the Checks API appends annotations on each update).
 */
export async function completeCheckRun(octokit: ProbotOctokit, repo: RepoRef, checkRunId: number, outcome: CheckOutcome): Promise<void> {
  const [first = [], ...rest] = toAnnotations(outcome.annotations);
  const output = { title: outcome.title, summary: outcome.summary };
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: outcome.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...output, ...(first.length > 0 ? { annotations: first } : {}) },
    actions: [{ label: 'Re-run review', description: 'Run the DBA review again', identifier: RERUN_ACTION }],
  });
  for (const batch of rest) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...output, annotations: batch } });
  }
}
