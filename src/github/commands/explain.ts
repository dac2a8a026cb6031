import { fenceSql } from '../../report/helpers/fence-sql.js';
import { escapeText } from '../../report/helpers/escape-text.js';
import type { PlanSummary } from '../../inspect/explain-queries.js';
import { runPullRequestExplain } from '../../review/run-pull-request-review.js';
import { errorMessage } from '../../shared/errors.js';
import { splitStatements } from '../../sql/split-statements.js';
import { CONFIG_FILE } from '../config-file.js';
import { createGitHubGateway } from '../create-github-gateway.js';
import type { CommandContext } from './command-context.js';

/**
 * `/pg-review explain <SQL>`: the pull request's migrations are applied on a throwaway database
 * and the query is EXPLAINed (never executed) before and after them; the plans are the reply.
 * Queued like a review, so the webhook is answered at once.
 */
export async function explain(ctx: CommandContext, sql: string): Promise<void> {
  const parsed = splitStatements({ path: 'explain', content: sql });
  if (parsed.parseError) {
    await ctx.reply(`That query does not parse (line ${parsed.parseError.line}): ${escapeText(parsed.parseError.message)}`);
    return;
  }
  if (parsed.statements.length !== 1) {
    await ctx.reply(`\`/pg-review explain\` takes exactly one statement; got ${parsed.statements.length}.`);
    return;
  }
  const repo = ctx.context.repo();
  const github = createGitHubGateway({
    octokit: ctx.context.octokit,
    repo,
    pullNumber: ctx.pull.number,
    baseSha: ctx.pull.baseSha,
    headSha: ctx.pull.headSha,
    botLogin: ctx.deps.botLogin,
    readConfig: () => ctx.context.config(CONFIG_FILE),
  });
  ctx.deps.queue.schedule(`${repo.owner}/${repo.repo}#${ctx.pull.number}:explain:${ctx.context.payload.comment.id}`, {
    headSha: ctx.pull.headSha,
    supersede: async () => undefined,
    run: async () => {
      let body: string;
      try {
        const review = await runPullRequestExplain({ ...ctx.pull, pullNumber: ctx.pull.number, trigger: '/pg-review explain', queries: [sql] }, { github, review: ctx.deps.review });
        const result = review.explain[0];
        body =
          review.verdict === 'error'
            ? `Could not run the migrations to EXPLAIN on: ${escapeText(review.error?.message)}`
            : !result
              ? 'Nothing was explained.'
              : [
                  `EXPLAIN on PostgreSQL ${review.postgres.version}, at ${ctx.pull.headSha.slice(0, 7)}:`,
                  fenceSql(sql),
                  `**Before the migrations:** ${result.before ? plan(result.before) : 'could not be explained (the objects may not exist yet)'}`,
                  `**After the migrations:** ${result.after ? plan(result.after) : `failed: ${escapeText(result.error)}`}`,
                  ...(result.regression ? ['⚠️ **The plan regressed**: it costs clearly more or scans a table it did not scan before.'] : []),
                ].join('\n\n');
      } catch (error) {
        body = `Could not EXPLAIN: ${escapeText(errorMessage(error))}`;
      }
      await ctx.reply(body);
    },
  });
}

function plan(summary: PlanSummary): string {
  const scans = summary.seqScans.length > 0 ? `; sequential scan of ${summary.seqScans.map((t) => `\`${t}\``).join(', ')}` : '';
  return `cost ${summary.totalCost}, ${escapeText(summary.nodes.join(' › '))}${scans}`;
}
