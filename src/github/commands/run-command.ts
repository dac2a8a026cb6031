import type { Context } from 'probot';
import { parseConfigObject } from '../../config/parse-config.js';
import { errorMessage } from '../../shared/errors.js';
import type { AppDependencies } from '../app-dependencies.js';
import { CONFIG_FILE } from '../config-file.js';
import { getPermissionLevel, hasPermission } from '../get-permission-level.js';
import { ack } from './ack.js';
import type { CommandContext } from './command-context.js';
import type { CommandName } from './command-names.js';
import { explain } from './explain.js';
import { help } from './help.js';
import type { ParsedComment } from './parse-command.js';
import { rerun } from './rerun.js';

type Command = Extract<ParsedComment, { kind: 'command' }>;

/** One handler per command. */
const handlers: { [N in CommandName]: (ctx: CommandContext, command: Extract<Command, { name: N }>) => Promise<void> } = {
  run: (ctx) => rerun(ctx),
  help: (ctx) => help(ctx),
  explain: (ctx, command) => explain(ctx, command.sql),
  ignore: (ctx, command) => ack(ctx, command.rule, command.reason),
};

/**
 * Answers a parsed comment on a pull request: replies are posted, `help` needs no permission,
 * every other command needs the repository permission set in `commands.<name>` (checked through
 * the API), then runs its handler.
 */
export async function runCommand(context: Context<'issue_comment'>, parsed: Exclude<ParsedComment, { kind: 'ignore' }>, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const reply = async (body: string) => {
    await context.octokit.rest.issues.createComment(context.issue({ body }));
  };
  if (parsed.kind === 'reply') return reply(parsed.body);
  const author = context.payload.comment.user?.login ?? context.payload.sender.login;
  const partial = { context, deps, author, reply };
  if (parsed.name === 'help') return help({ ...partial, pull: { number: context.payload.issue.number, headSha: '', baseSha: '' } });

  let required;
  try {
    required = parseConfigObject(await context.config(CONFIG_FILE)).commands[parsed.name];
  } catch (error) {
    return reply(`Cannot run \`/pg-review ${parsed.name}\`: ${errorMessage(error)}`);
  }
  const level = await getPermissionLevel(context.octokit, context.repo(), author);
  if (!hasPermission(level, required)) {
    return reply(`@${author}, \`/pg-review ${parsed.name}\` needs ${required} permission on this repository; you have ${level}.`);
  }
  const { data: pr } = await context.octokit.rest.pulls.get(context.repo({ pull_number: context.payload.issue.number }));
  const ctx: CommandContext = { ...partial, pull: { number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha } };
  await (handlers[parsed.name] as (ctx: CommandContext, command: Command) => Promise<void>)(ctx, parsed);
}
