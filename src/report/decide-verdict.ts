import type { Finding } from '../rules/run-rules.js';

/**
 * fail when a finding blocks or a migration does not apply (the deploy would stop there, even
 * when the rule that explains the failure is turned off or acknowledged); error when the review
 * could not run; pass otherwise.
 */
export function decideVerdict(review: { error?: unknown; findings: Finding[]; migrations: Array<{ status: string }> }): 'pass' | 'fail' | 'error' {
  if (review.error) return 'error';
  const blocking = review.findings.some((f) => f.severity === 'error') || review.migrations.some((m) => m.status === 'failed');
  return blocking ? 'fail' : 'pass';
}
