import type { FailOn } from '../config/config.schema.js';
import type { Finding } from '../rules/run-rules.js';

export interface VerdictInput {
  error?: unknown;
  findings: Finding[];
  migrations: Array<{ status: string }>;
  /** Config `failOn`: which severities block. Default `error`. */
  failOn?: FailOn;
}

/**
 * The one verdict, read by the comment, the check's conclusion and the CLI's exit code:
 * error when the review could not run; fail when a blocking finding remains (an error, or with
 * `failOn: warning` a warning too) or a migration does not apply (the deploy would stop there,
 * even when the rule that explains the failure is turned off or acknowledged); pass otherwise.
 * A pass may still leave decisions open (warnings): see openDecisions.
 */
export function decideVerdict(review: VerdictInput): 'pass' | 'fail' | 'error' {
  if (review.error) return 'error';
  const blocking = review.findings.some((f) => isBlocking(f, review.failOn)) || review.migrations.some((m) => m.status === 'failed');
  return blocking ? 'fail' : 'pass';
}

/** Whether a finding of this severity fails the review under `failOn`. */
export function isBlocking(finding: Pick<Finding, 'severity'>, failOn: FailOn = 'error'): boolean {
  return finding.severity === 'error' || (failOn === 'warning' && finding.severity === 'warning');
}

/** Warnings that remain: each asks a human to accept or fix it; "Safe to ship" only without any. */
export function openDecisions(review: Pick<VerdictInput, 'findings'>): number {
  return review.findings.filter((f) => f.severity === 'warning').length;
}
