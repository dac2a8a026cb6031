import type { ProbotOctokit } from 'probot';
import { CHECK_NAME } from './check-name.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Creates the check in progress at once, so the PR shows it before the review runs. */
export async function createCheckRun(octokit: ProbotOctokit, repo: RepoRef, headSha: string): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: { title: 'Reviewing migrations', summary: 'Running the changed migrations on a throwaway PostgreSQL and measuring locks, rewrites and WAL.' },
  });
  return data.id;
}
