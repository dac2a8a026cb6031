import type { CheckAnnotation, CheckOutcome, CheckSummaryModel } from './check-output.js';
import { escapeText } from './helpers/escape-text.js';
import { inlineCode } from './helpers/inline-code.js';
import { renderCheckSummary } from './render-check-summary.js';
import type { Review } from './review.js';
import { describeBlocking } from './describe-blocking.js';
import { openDecisions } from './decide-verdict.js';
import { describeVerdict } from './describe-verdict.js';
import { formatLocation } from './helpers/format-location.js';

export type { CheckSummaryModel };

/** GitHub's limit for a check run's title. */
const TITLE_LIMIT = 255;
const SEVERITY_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const ANNOTATION_LEVEL = { error: 'failure', warning: 'warning', info: 'notice' } as const;

/**
 * The check run's conclusion, title, summary and annotations, from the same Review and the
 * same verdict as the comment: `failure` only when the verdict fails (blocking findings under
 * `failOn`, or a migration that does not apply), `neutral` when the review could not run.
 * Findings on no line of the new files (line 0: the base history made it so) are in the
 * summary but not annotated, since no line of the diff caused them.
 */
export function buildCheckOutcome(review: Review): CheckOutcome {
  const model = buildCheckSummaryModel(review);
  return {
    conclusion: review.verdict === 'error' ? 'neutral' : review.verdict === 'fail' ? 'failure' : 'success',
    title: `${model.verdictLabel}: ${titleDetail(review)}`.slice(0, TITLE_LIMIT),
    summary: renderCheckSummary(model),
    annotations: review.findings.filter((f) => f.line > 0).map(
      (f): CheckAnnotation => ({
        path: f.file,
        startLine: f.line,
        endLine: f.line,
        level: ANNOTATION_LEVEL[f.severity],
        title: f.rule,
        message: `${f.message}\n\nInstead: ${f.fix}`,
      }),
    ),
  };
}

export function buildCheckSummaryModel(review: Review): CheckSummaryModel {
  const verdict = describeVerdict(review, 'check');
  return {
    verdictIcon: verdict.icon,
    verdictLabel: verdict.label,
    verdictDetail: verdict.detail,
    hasFindings: review.findings.length > 0,
    findings: review.findings.map((f) => ({ icon: SEVERITY_ICON[f.severity], rule: inlineCode(f.rule), location: formatLocation(f), message: escapeText(f.message) })),
    hasAcknowledged: (review.acknowledged ?? []).length > 0,
    acknowledged: (review.acknowledged ?? []).map((a) => ({ rule: inlineCode(a.rule), location: formatLocation(a), reason: escapeText(a.reason), by: `@${a.by}` })),
    hasMigrations: review.migrations.length > 0,
    migrations: review.migrations.map((m) => ({ path: inlineCode(m.file), status: m.status, statements: `${m.statements.length} ${plural(m.statements.length, 'statement')}` })),
    hasNotEvaluated: review.notEvaluated.length > 0,
    notEvaluated: review.notEvaluated.map(inlineCode).join(', '),
    hasPostgres: review.verdict !== 'error' && review.migrations.length > 0,
    postgresVersion: review.postgres.version,
  };
}

function titleDetail(review: Review): string {
  if (review.verdict === 'error') return review.error?.message.split('\n')[0] ?? 'unknown error';
  const n = review.migrations.length;
  const open = openDecisions(review);
  const where = n === 0 ? '' : ` in ${n} ${plural(n, 'migration')}`;
  if (review.verdict === 'fail') return `${describeBlocking(review)}${where}`;
  if (open > 0) return `${open} open ${open === 1 ? 'decision' : 'decisions'}${where}`;
  if (n === 0) return 'no migration files changed';
  return `${n} ${plural(n, 'migration')} reviewed`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
