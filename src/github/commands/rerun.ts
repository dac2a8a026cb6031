import { startReview } from '../start-review.js';
import type { CommandContext } from './command-context.js';

/** `/pg-review` or `/pg-review run`: a new review of the current head. */
export async function rerun(ctx: CommandContext): Promise<void> {
  await startReview(ctx.context, { pullNumber: ctx.pull.number, baseSha: ctx.pull.baseSha, headSha: ctx.pull.headSha, trigger: '/pg-review run' }, ctx.deps);
}
