import type { Context } from 'probot';
import type { AppDependencies } from '../app-dependencies.js';

/** What a command handler gets: the pull request it was typed on, and how to answer. */
export interface CommandContext {
  context: Context<'issue_comment'>;
  deps: AppDependencies & { botLogin: string };
  pull: { number: number; headSha: string; baseSha: string };
  /** Login of who typed the command. */
  author: string;
  reply(body: string): Promise<void>;
}
