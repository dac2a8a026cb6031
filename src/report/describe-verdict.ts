import { describeBlocking } from './describe-blocking.js';
import { openDecisions } from './decide-verdict.js';
import { escapeText } from './helpers/escape-text.js';
import type { Review } from './review.js';

export interface VerdictLine {
  icon: string;
  /** "Safe to ship", "Needs a decision", "Needs changes", "Could not run", "Nothing to review". */
  label: string;
  /** The sentence after the label, worded for where it is shown. */
  detail: string;
}

/**
 * The verdict line of the comment and of the check summary, from the one verdict
 * (decideVerdict): "Safe to ship" only when no error and no warning remains; with warnings
 * only, "Needs a decision" with how many are open (the check still passes unless `failOn:
 * warning`).
 */
export function describeVerdict(review: Review, where: 'comment' | 'check'): VerdictLine {
  const statements = review.migrations.reduce((sum, m) => sum + m.statements.length, 0);
  const open = openDecisions(review);
  if (review.verdict === 'error') {
    const reason = escapeText(review.error?.message ?? 'unknown error');
    return { icon: '⚠️', label: 'Could not run', detail: where === 'check' ? `${reason}. The check is neutral so it does not block; fix the cause and re-run.` : reason };
  }
  if (review.verdict === 'fail') {
    const also = open > 0 && review.failOn !== 'warning' ? `; ${decisions(open)} open besides` : '';
    return {
      icon: '❌',
      label: 'Needs changes',
      detail: `${describeBlocking(review)}${also}; ${where === 'check' ? 'each has a safe alternative in the pull request comment' : 'see below for the safe alternative'}.`,
    };
  }
  if (open > 0) {
    return {
      icon: '⚠️',
      label: 'Needs a decision',
      detail: `${decisions(open)} open: ${open === 1 ? 'a warning' : 'warnings'} that a reviewer must accept (with \`/pg-review ignore\` or a directive) or fix, listed under Questions or Flags. Nothing blocks the merge${where === 'check' ? ' (the check passes: failOn is error)' : ''}.`,
    };
  }
  if (review.migrations.length === 0) {
    return { icon: '✅', label: 'Nothing to review', detail: where === 'check' ? 'No migration files changed in this pull request.' : 'No migration files changed.' };
  }
  return {
    icon: '✅',
    label: 'Safe to ship',
    detail:
      where === 'check'
        ? `${statements} ${plural(statements, 'statement')} in ${review.migrations.length} ${plural(review.migrations.length, 'migration')} ran with no error and no warning.`
        : `${statements} ${plural(statements, 'statement')} ran on PostgreSQL ${review.postgres.version} with no error and no warning.`,
  };
}

function decisions(count: number): string {
  return `${count} ${count === 1 ? 'decision' : 'decisions'}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
