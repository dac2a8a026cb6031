import { escapeText } from '../../report/helpers/escape-text.js';
import { inlineCode } from '../../report/helpers/inline-code.js';
import { rules } from '../../rules/index.js';
import { ACK_MARKER } from '../../review/run-pull-request-review.js';
import { startReview } from '../start-review.js';
import type { CommandContext } from './command-context.js';

/** Findings that do not come from a rule file but can be acknowledged the same way. */
const DISCOVERY_RULES = ['edited-applied-migration', 'out-of-order-migration'];

/**
 * `/pg-review ignore <rule> <reason>`: recorded as the bot's reply (a hidden JSON record that only
 * the bot's own comments are trusted for), then the review runs again to show it.
 */
export async function ack(ctx: CommandContext, rule: string, reason: string): Promise<void> {
  const known = [...Object.keys(rules), ...DISCOVERY_RULES];
  if (!known.includes(rule)) {
    await ctx.reply(`There is no rule ${inlineCode(rule)}. Rules: ${known.map(inlineCode).join(', ')}.`);
    return;
  }
  const record = JSON.stringify({ rule, reason, by: ctx.author }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  await ctx.reply(
    `${ACK_MARKER}${record} -->\nAcknowledged ${inlineCode(rule)} for this pull request, by @${ctx.author}: ${escapeText(reason)}\n\nIts findings stay in the review, marked as acknowledged, and no longer fail the check. Re-running the review.`,
  );
  await startReview(ctx.context, { pullNumber: ctx.pull.number, baseSha: ctx.pull.baseSha, headSha: ctx.pull.headSha, trigger: '/pg-review ignore' }, ctx.deps);
}
