import type { Review } from './review.js';

/** What blocks a failing review, counted: "2 blocking findings", "1 migration that does not apply"... */
export function describeBlocking(review: Pick<Review, 'findings' | 'migrations'>): string {
  const findings = review.findings.filter((f) => f.severity === 'error').length;
  // A failure usually has its own finding; count it apart only when nothing explains it.
  const unexplained = review.migrations.filter(
    (m) => m.status === 'failed' && !review.findings.some((f) => f.severity === 'error' && f.file === m.file),
  ).length;
  const parts = [
    ...(findings > 0 || unexplained === 0 ? [`${findings} blocking ${findings === 1 ? 'finding' : 'findings'}`] : []),
    ...(unexplained > 0 ? [`${unexplained} ${unexplained === 1 ? 'migration that does not apply' : 'migrations that do not apply'}`] : []),
  ];
  return parts.join(' and ');
}
