import type { ProbotOctokit } from 'probot';
import type { BotComment, GitHubGateway } from '../review/ports.js';
import { completeCheckRun } from './complete-check-run.js';
import { createCheckRun, type RepoRef } from './create-check-run.js';
import { fetchBlob, fetchFileContent, listTree } from './fetch-file-content.js';
import { listComparedFiles, listPullRequestFiles } from './list-pull-request-files.js';
import { upsertReviewComment } from './upsert-review-comment.js';

export interface GatewayTarget {
  octokit: ProbotOctokit;
  repo: RepoRef;
  /** Absent for a merge group. */
  pullNumber?: number | undefined;
  baseSha: string;
  headSha: string;
  /** The bot's login ("pg-dba-review[bot]"): our comments are the ones it wrote. */
  botLogin: string;
  /** `context.config`: the raw YAML object from the default branch, or null. */
  readConfig: () => Promise<unknown>;
}

/** GitHubGateway over Octokit for one repository and pull request (or merge group). */
export function createGitHubGateway(target: GatewayTarget): GitHubGateway {
  const { octokit, repo, pullNumber } = target;
  let botComments: Promise<BotComment[]> | undefined;
  const listBotComments = () =>
    (botComments ??=
      pullNumber === undefined
        ? Promise.resolve([])
        : octokit
            .paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pullNumber, per_page: 100 })
            .then((comments) =>
              comments.filter((c) => c.user?.type === 'Bot' && c.user.login === target.botLogin).map((c) => ({ id: c.id, body: c.body ?? '' })),
            ));
  return {
    readConfig: target.readConfig,
    listChangedFiles: () =>
      pullNumber === undefined ? listComparedFiles(octokit, repo, target.baseSha, target.headSha) : listPullRequestFiles(octokit, repo, pullNumber),
    listTree: (ref) => listTree(octokit, repo, ref),
    readFile: (path, ref) => fetchFileContent(octokit, repo, path, ref),
    readBlob: (sha) => fetchBlob(octokit, repo, sha),
    currentHeadSha: async () => {
      if (pullNumber === undefined) return target.headSha;
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
      return data.head.sha;
    },
    listBotComments,
    createCheckRun: (headSha) => createCheckRun(octokit, repo, headSha),
    completeCheckRun: (id, outcome) => completeCheckRun(octokit, repo, id, outcome),
    upsertComment: async (body, marker, options) => {
      if (pullNumber === undefined) return 'skipped';
      return upsertReviewComment(
        await listBotComments(),
        body,
        marker,
        {
          create: async (text) => {
            await octokit.rest.issues.createComment({ ...repo, issue_number: pullNumber, body: text });
          },
          update: async (id, text) => {
            await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body: text });
          },
        },
        options,
      );
    },
  };
}
