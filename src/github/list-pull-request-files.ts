import type { ProbotOctokit } from 'probot';
import type { ChangedFile } from '../review/ports.js';
import type { RepoRef } from './create-check-run.js';

/** GitHub lists at most 3,000 files of a pull request. */
export const MAX_PULL_REQUEST_FILES = 3000;

/** The pull request's changed files, 100 per page. */
export async function listPullRequestFiles(octokit: ProbotOctokit, repo: RepoRef, pullNumber: number): Promise<ChangedFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
  return files.slice(0, MAX_PULL_REQUEST_FILES).map(toChangedFile);
}

/** The files between two commits (a merge group has no pull request). */
export async function listComparedFiles(octokit: ProbotOctokit, repo: RepoRef, baseSha: string, headSha: string): Promise<ChangedFile[]> {
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseSha}...${headSha}`, per_page: 100 });
  return (data.files ?? []).map(toChangedFile);
}

function toChangedFile(file: { filename: string; status: string; previous_filename?: string | undefined }): ChangedFile {
  return {
    path: file.filename,
    status: file.status as ChangedFile['status'],
    ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
  };
}
