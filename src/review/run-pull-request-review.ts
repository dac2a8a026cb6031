import { parseConfigObject } from '../config/parse-config.js';
import type { Config } from '../config/config.schema.js';
import { buildDiscoveryFindings, type DiscoveryFinding } from '../migrations/build-discovery-findings.js';
import { fetchPullRequestMigrations } from '../migrations/fetch-pull-request-migrations.js';
import { applyAcknowledgements, type Acknowledgement } from '../report/apply-acknowledgements.js';
import { COMMENT_MARKER } from '../report/build-comment-model.js';
import { buildCheckOutcome } from '../report/build-check-outcome.js';
import { buildReview } from '../report/build-review.js';
import { noteTemplatedMigrations } from '../report/note-templated-migrations.js';
import { renderComment } from '../report/render-comment.js';
import type { Review } from '../report/review.js';
import type { PostgresMajor } from '../sandbox/supported-versions.js';
import { errorMessage } from '../shared/errors.js';
import { maxFileBytesFromEnv } from '../sql/find-unreadable-input.js';
import { redactSecrets } from '../sql/redact-secrets.js';
import type { CheckOutcome, GitHubGateway } from './ports.js';
import { resolveReviewSettings, type ReviewSettings } from '../config/resolve-review-settings.js';
import type { ReviewRequest } from './review-request.js';

/** A review of a pull request (or a merge group, which has no pull request and no comment). */
export interface PullRequestReviewRequest {
  baseSha: string;
  headSha: string;
  /** Absent for a merge group: the check is reported, no comment is written. */
  pullNumber?: number | undefined;
  /** What asked for it, for logs: "pull_request.synchronize", "/pg-review run", ... */
  trigger: string;
  /** Extra queries to EXPLAIN (the `/pg-review explain` command). */
  queries?: string[];
}

export interface PullRequestReviewDependencies {
  github: GitHubGateway;
  /** runReview bound to a running sandbox. */
  review: (request: ReviewRequest) => Promise<Review>;
  /** False once a newer review of the same pull request was queued. */
  isCurrent: () => boolean;
  log?: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

export type PullRequestReviewResult =
  | { outcome: 'published'; review: Review; comment: 'created' | 'updated' | 'unchanged' | 'skipped' }
  | { outcome: 'superseded'; review?: Review }
  | { outcome: 'not-run'; reason: string };

/** Marks a recorded `/pg-review ignore` in the bot's reply; the JSON after it is the record. */
export const ACK_MARKER = '<!-- pg-dba-review:ack ';

/** Why the review could not run, worded for the user (invalid configuration, time limit). */
export class NotRun extends Error {}

/**
 * The App's review of one pull request head, around the engine's runReview:
 *   1. config     `.github/pg-dba-review.yml` from the default branch, validated;
 *   2. discover   the changed migrations at head and the deployed history at base;
 *   3. review     runReview (stage order of the engine lives there), within the time limit;
 *   4. acknowledge findings ignored with `/pg-review ignore`, add discovery findings;
 *   5. current?   drop the result if a newer head arrived (it would be published as current);
 *   6. comment    upsert the sticky comment (created only when there are migrations);
 *   7. check      complete the check run created by the caller: success, failure or neutral.
 * Step 7 always runs (finally): the check is never left in progress.
 */
export async function runPullRequestReview(
  request: PullRequestReviewRequest,
  checkRunId: number,
  deps: PullRequestReviewDependencies,
): Promise<PullRequestReviewResult> {
  const { github } = deps;
  let outcome: CheckOutcome | undefined;
  let result: PullRequestReviewResult | undefined;
  try {
    // 1.–3. config, discover, review
    const { review: reviewed, extraFindings } = await configureAndReview(request, deps);
    let review = reviewed;

    // 4. acknowledge
    const acknowledgements = request.pullNumber === undefined ? [] : parseAcknowledgements(await github.listBotComments());
    review = applyAcknowledgements(review, acknowledgements, extraFindings);

    // 5. current?
    if (!deps.isCurrent() || (request.pullNumber !== undefined && (await github.currentHeadSha()) !== request.headSha)) {
      outcome = superseded(request.headSha);
      return (result = { outcome: 'superseded', review });
    }

    // 6. comment
    const hasSomething = review.migrations.length > 0 || review.findings.length > 0 || (review.acknowledged ?? []).length > 0;
    const comment =
      request.pullNumber === undefined ? 'skipped' : await github.upsertComment(renderComment(review), COMMENT_MARKER, { createIfMissing: hasSomething });

    // 7. check (in finally)
    outcome = buildCheckOutcome(review);
    return (result = { outcome: 'published', review, comment });
  } catch (error) {
    const reason = error instanceof NotRun ? error.message : `the review failed: ${errorMessage(error)}`;
    deps.log?.warn({ err: redactedError(error), headSha: request.headSha, trigger: request.trigger }, 'review not run');
    outcome = buildCheckOutcome(errorReview(reason));
    return (result = { outcome: 'not-run', reason });
  } finally {
    outcome ??= buildCheckOutcome(errorReview('the review stopped unexpectedly'));
    try {
      await github.completeCheckRun(checkRunId, outcome);
    } catch (error) {
      // Never leave the check in progress: say why, without the output GitHub refused.
      deps.log?.warn({ err: error, headSha: request.headSha }, 'completing the check failed; completing it as neutral');
      await github.completeCheckRun(checkRunId, buildCheckOutcome(errorReview(`publishing the result failed: ${errorMessage(error)}`)));
    }
    deps.log?.info({ headSha: request.headSha, trigger: request.trigger, conclusion: outcome.conclusion, result: result?.outcome }, 'check completed');
  }
}

/**
 * Steps 1–3 alone, for `/pg-review explain`: the PR's migrations are applied and the given
 * queries EXPLAINed before and after, and the Review (with `explain`) is returned, unpublished.
 */
export async function runPullRequestExplain(request: PullRequestReviewRequest, deps: Pick<PullRequestReviewDependencies, 'github' | 'review'>): Promise<Review> {
  return (await configureAndReview({ ...request, onlyRequestQueries: true }, deps)).review;
}

async function configureAndReview(
  request: PullRequestReviewRequest & { onlyRequestQueries?: boolean },
  deps: Pick<PullRequestReviewDependencies, 'github' | 'review'>,
): Promise<{ review: Review; extraFindings: DiscoveryFinding[] }> {
  const { github } = deps;
  // 1. config
  let config: Config;
  try {
    config = parseConfigObject(await github.readConfig());
  } catch (error) {
    throw new NotRun(`the configuration could not be used: ${errorMessage(error)}`);
  }

  // 2. discover
  const discoverStart = performance.now();
  const found = await fetchPullRequestMigrations(github, request, config.migrations);
  const extraFindings = buildDiscoveryFindings(found.plan);
  const discover = Math.round((performance.now() - discoverStart) * 10) / 10;

  // 3. review
  const requestQueries = request.queries ?? [];
  // Nothing new to run (no migration, or only edits of applied ones) and no query asked for by
  // a command: no sandbox. The config's queries alone do not start one on every pull request.
  if (found.migrations.length === 0 && requestQueries.length === 0) return { review: emptyReview(config), extraFindings };
  let settings: ReviewSettings;
  try {
    settings = await resolveReviewSettings(config, (path) => github.readFile(path, request.headSha));
  } catch (error) {
    throw new NotRun(`the configuration could not be used: ${errorMessage(error)}`);
  }
  const review = await withTimeLimit(
    deps.review({
      ...settings,
      base: found.base,
      migrations: found.migrations,
      ...(found.down ? { down: found.down } : {}),
      queries: request.onlyRequestQueries ? requestQueries : [...settings.queries, ...requestQueries],
      postgresMajor: config.postgres.version as PostgresMajor,
      maxFileBytes: maxFileBytesFromEnv(),
    }),
    config.reviewTimeoutSeconds * 1000,
  );
  const noted = noteTemplatedMigrations(review, found.migrations);
  return { review: { ...noted, timings: { discover, ...noted.timings } }, extraFindings };
}

/** The check of a review that a newer head replaced before it started or finished. */
export function superseded(headSha: string, by?: string): CheckOutcome {
  return {
    conclusion: 'neutral',
    title: 'Superseded by a newer commit',
    summary: `The review of ${headSha.slice(0, 7)} was replaced by the review of ${by ? by.slice(0, 7) : 'a newer head'}; its result is not published as current.`,
    annotations: [],
  };
}

/** Bot replies to `/pg-review ignore` carry `<!-- pg-dba-review:ack {"rule","reason","by"} -->`. */
export function parseAcknowledgements(comments: Array<{ body: string }>): Acknowledgement[] {
  const acks = new Map<string, Acknowledgement>();
  for (const { body } of comments) {
    const start = body.indexOf(ACK_MARKER);
    if (start < 0) continue;
    const end = body.indexOf(' -->', start);
    try {
      const parsed = JSON.parse(body.slice(start + ACK_MARKER.length, end)) as Partial<Acknowledgement>;
      if (typeof parsed.rule === 'string' && typeof parsed.reason === 'string' && typeof parsed.by === 'string') {
        acks.set(parsed.rule, { rule: parsed.rule, reason: parsed.reason, by: parsed.by });
      }
    } catch {
      // not ours after all
    }
  }
  return [...acks.values()];
}

/** The error as logged: message and stack with secrets masked (an error may quote a statement). */
function redactedError(error: unknown): unknown {
  if (!(error instanceof Error)) return redactSecrets(String(error));
  const copy = new Error(redactSecrets(error.message));
  copy.name = error.name;
  if (error.stack) copy.stack = redactSecrets(error.stack);
  return copy;
}

function emptyReview(config: Config): Review {
  return buildReview({ postgresVersion: `${config.postgres.version}`, migrations: [], findings: [], notEvaluated: [], explain: [] });
}

function errorReview(message: string): Review {
  return buildReview({ postgresVersion: '', migrations: [], findings: [], notEvaluated: [], explain: [], error: message });
}

async function withTimeLimit<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotRun(`the review took longer than its time limit of ${Math.round(limitMs / 1000)} s (reviewTimeoutSeconds)`)), limitMs);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
