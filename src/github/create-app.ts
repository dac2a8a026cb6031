import type { ApplicationFunction, Context, Probot } from 'probot';
import { productionDependencies, type AppDependencies } from './app-dependencies.js';
import { handleCheckRun, handleCheckSuite } from './handlers/handle-check-run.js';
import { handleIssueComment } from './handlers/handle-issue-comment.js';
import { handleMergeGroup } from './handlers/handle-merge-group.js';
import { handlePullRequest } from './handlers/handle-pull-request.js';
import { isWellFormedPayload } from './is-well-formed-payload.js';

/**
 * The Probot app: each handler translates its event into a plain request and calls one
 * function. `deps` is production wiring unless a test passes its own.
 */
export function createApp(deps?: AppDependencies): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const resolved = deps ?? productionDependencies();
    let login: Promise<string> | undefined;
    const seen = new Set<string>();
    /** Dependencies for one delivery; undefined for a redelivery already handled by this process. */
    const forDelivery = async (context: { id: string; name: string; payload: unknown; log: { warn(o: object, m: string): void } }) => {
      if (!isWellFormedPayload(context.name, context.payload)) {
        context.log.warn({ event: context.name, delivery: context.id }, 'malformed payload ignored');
        return undefined;
      }
      if (isRedelivery(seen, context.id)) return undefined;
      if (resolved.botLogin) return { ...resolved, botLogin: resolved.botLogin };
      // A failed lookup is not cached: the next delivery asks again.
      login ??= botLogin(app).catch((error: unknown) => {
        login = undefined;
        throw error;
      });
      return { ...resolved, botLogin: await login };
    };

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
      const d = await forDelivery(context);
      if (d) await handlePullRequest(context as Context<'pull_request'>, d);
    });
    app.on('issue_comment.created', async (context) => {
      const d = await forDelivery(context);
      if (d) await handleIssueComment(context, d);
    });
    app.on(['check_run.rerequested', 'check_run.requested_action'], async (context) => {
      const d = await forDelivery(context);
      if (d) await handleCheckRun(context as Context<'check_run'>, d);
    });
    app.on('check_suite.rerequested', async (context) => {
      const d = await forDelivery(context);
      if (d) await handleCheckSuite(context, d);
    });
    app.on('merge_group.checks_requested', async (context) => {
      const d = await forDelivery(context);
      if (d) await handleMergeGroup(context, d);
    });

    // Health endpoint for containers (Probot also answers GET /ping); absent when no server runs (tests).
    try {
      addHandler((req, res) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/healthz') return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
        return true;
      });
    } catch {
      // no HTTP server (probot.receive in tests, the GitHub Action)
    }
  };
}

const REMEMBERED_DELIVERIES = 10_000;

/** GitHub redelivers with the same X-GitHub-Delivery id: handle each id once per process. */
function isRedelivery(seen: Set<string>, id: string): boolean {
  if (seen.has(id)) return true;
  seen.add(id);
  if (seen.size > REMEMBERED_DELIVERIES) seen.delete(seen.values().next().value!);
  return false;
}

/** "<app slug>[bot]": the author of our comments. Looked up once with the App's JWT. */
async function botLogin(app: Probot): Promise<string> {
  const octokit = await app.auth();
  const { data } = await octokit.rest.apps.getAuthenticated();
  return `${data?.slug}[bot]`;
}
