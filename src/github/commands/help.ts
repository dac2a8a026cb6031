import type { CommandContext } from './command-context.js';
import { helpText } from './command-names.js';

/** `/pg-review help`. */
export async function help(ctx: CommandContext): Promise<void> {
  await ctx.reply(helpText());
}
