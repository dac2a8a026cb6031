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
  const complete = (annotations: typeof first, summary = output.summary) =>
    octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: outcome.conclusion,
      completed_at: new Date().toISOString(),
      output: { ...output, summary, ...(annotations.length > 0 ? { annotations } : {}) },
      actions: [{ label: 'Re-run review', description: 'Run the DBA review again', identifier: RERUN_ACTION }],
    });
  try {
    await complete(first);
  } catch (error) {
    // An annotation GitHub refuses (422: a path not in the commit...) must not keep the
    // conclusion from being published: complete without annotations, and say so.
    if ((error as { status?: number }).status !== 422 || first.length === 0) throw error;
    await complete([], `${output.summary}\n\n_GitHub refused the line annotations (${(error as Error).message}); the findings are listed above._`);
    return;
  }
  for (const batch of rest) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...output, annotations: batch } });
  }
}
