import type { ProbotOctokit } from 'probot';
import { CONFIG_FILE } from './config-file.js';
import type { RepoRef } from './create-check-run.js';

/**
 * `.github/pg-dba-review.yml` as Probot's `context.config` reads it (default branch, the
 * organisation's `.github` repository as fallback, `_extends`), for code without a webhook
 * context: the queue worker. The raw object, or null when there is none.
 */
export async function readRepositoryConfig(octokit: ProbotOctokit, repo: RepoRef): Promise<unknown> {
  const { config, files } = await octokit.config.get({ ...repo, path: `.github/${CONFIG_FILE}` });
  return files.some((file) => file.config !== null) ? config : null;
}
