import type { Context } from 'probot';
import type { AppDependencies } from '../app-dependencies.js';
import { parseCommand } from '../commands/parse-command.js';
import { runCommand } from '../commands/run-command.js';

/**
 * issue_comment created on a pull request → a `/pg-review` command. Comments by bots (ours
 * included), edits and comments on plain issues are ignored; a command gets 👀 at once.
 */
export async function handleIssueComment(context: Context<'issue_comment'>, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const { payload } = context;
  if (payload.action !== 'created' || !payload.issue.pull_request) return;
  if (payload.comment.user?.type === 'Bot' || payload.sender.type === 'Bot') return;
  const parsed = parseCommand(payload.comment.body);
  if (parsed.kind === 'ignore') return;
  await context.octokit.rest.reactions.createForIssueComment(context.repo({ comment_id: payload.comment.id, content: 'eyes' as const }));
  await runCommand(context, parsed, deps);
}
