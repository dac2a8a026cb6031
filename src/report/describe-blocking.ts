import { isBlocking } from './decide-verdict.js';
import type { Review } from './review.js';

/** What blocks a failing review, counted: "2 blocking findings", "1 migration that does not apply"... */
export function describeBlocking(review: Pick<Review, 'findings' | 'migrations' | 'failOn'>): string {
  const blocking = review.findings.filter((f) => isBlocking(f, review.failOn));
  const findings = blocking.length;
  // A failure usually has its own finding; count it apart only when nothing explains it.
  const unexplained = review.migrations.filter((m) => m.status === 'failed' && !blocking.some((f) => f.file === m.file)).length;
  const warnings = blocking.filter((f) => f.severity === 'warning').length;
  const parts = [
    ...(findings > 0 || unexplained === 0
      ? [`${findings} blocking ${findings === 1 ? 'finding' : 'findings'}${warnings > 0 ? ` (${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, as failOn is warning)` : ''}`]
      : []),
    ...(unexplained > 0 ? [`${unexplained} ${unexplained === 1 ? 'migration that does not apply' : 'migrations that do not apply'}`] : []),
  ];
  return parts.join(' and ');
}
