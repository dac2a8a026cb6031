import type { CheckAnnotation, CheckOutcome } from './check-output.js';
import { escapeText } from './helpers/escape-text.js';
import { inlineCode } from './helpers/inline-code.js';
import { renderCheckSummary } from './render-check-summary.js';
import type { Review } from './review.js';
import { describeBlocking } from './describe-blocking.js';

/** GitHub's limit for a check run's title. */
const TITLE_LIMIT = 255;
const SEVERITY_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const ANNOTATION_LEVEL = { error: 'failure', warning: 'warning', info: 'notice' } as const;

/** Everything check-summary.md.hbs prints, already formatted. */
export interface CheckSummaryModel {
  verdictIcon: string;
  verdictLabel: string;
  verdictDetail: string;
  hasFindings: boolean;
  findings: Array<{ icon: string; rule: string; location: string; message: string }>;
  hasAcknowledged: boolean;
  acknowledged: Array<{ rule: string; location: string; reason: string; by: string }>;
  hasMigrations: boolean;
  migrations: Array<{ path: string; status: string; statements: string }>;
  hasNotEvaluated: boolean;
  notEvaluated: string;
  hasPostgres: boolean;
  postgresVersion: string;
}

/**
 * The check run's conclusion, title, summary and annotations, from the same Review as the
 * comment: `failure` only for blocking findings, `neutral` when the review could not run.
 */
export function buildCheckOutcome(review: Review): CheckOutcome {
  const model = buildCheckSummaryModel(review);
  return {
    conclusion: review.verdict === 'error' ? 'neutral' : review.verdict === 'fail' ? 'failure' : 'success',
    title: `${model.verdictLabel}: ${titleDetail(review)}`.slice(0, TITLE_LIMIT),
    summary: renderCheckSummary(model),
    annotations: review.findings.map(
      (f): CheckAnnotation => ({
        path: f.file,
        startLine: Math.max(1, f.line),
        endLine: Math.max(1, f.line),
        level: ANNOTATION_LEVEL[f.severity],
        title: f.rule,
        message: `${f.message}\n\nInstead: ${f.fix}`,
      }),
    ),
  };
}

export function buildCheckSummaryModel(review: Review): CheckSummaryModel {
  const statements = review.migrations.reduce((sum, m) => sum + m.statements.length, 0);
  const verdict =
    review.verdict === 'error'
      ? { icon: '⚠️', label: 'Could not run', detail: `${escapeText(review.error?.message ?? 'unknown error')}. The check is neutral so it does not block; fix the cause and re-run.` }
      : review.verdict === 'fail'
        ? { icon: '❌', label: 'Needs changes', detail: `${describeBlocking(review)}; each has a safe alternative in the pull request comment.` }
        : review.migrations.length === 0 && review.findings.length === 0
          ? { icon: '✅', label: 'Nothing to review', detail: 'No migration files changed in this pull request.' }
          : { icon: '✅', label: 'Safe to ship', detail: `${statements} ${plural(statements, 'statement')} in ${review.migrations.length} ${plural(review.migrations.length, 'migration')} ran with no blocking finding.` };
  return {
    verdictIcon: verdict.icon,
    verdictLabel: verdict.label,
    verdictDetail: verdict.detail,
    hasFindings: review.findings.length > 0,
    findings: review.findings.map((f) => ({ icon: SEVERITY_ICON[f.severity], rule: inlineCode(f.rule), location: inlineCode(`${f.file}:${f.line}`), message: escapeText(f.message) })),
    hasAcknowledged: (review.acknowledged ?? []).length > 0,
    acknowledged: (review.acknowledged ?? []).map((a) => ({ rule: inlineCode(a.rule), location: inlineCode(`${a.file}:${a.line}`), reason: escapeText(a.reason), by: `@${a.by}` })),
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
  if (n === 0 && review.findings.length > 0) return describeBlocking(review);
  if (n === 0) return 'no migration files changed';
  return review.verdict === 'fail' ? `${describeBlocking(review)} in ${n} ${plural(n, 'migration')}` : `${n} ${plural(n, 'migration')} reviewed`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
