import type { Finding } from '../../../src/rules/run-rules.js';
import type { Review } from '../../../src/report/review.js';
import type { ReviewRequest } from '../../../src/review/review-request.js';

/**
 * A stand-in for runReview in handler tests (the real engine runs in the e2e test): each
 * migration "applies"; a plain CREATE INDEX gets the require-concurrent-index finding on its line.
 */
export function fakeReview(request: ReviewRequest, extra: Partial<Review> = {}): Review {
  const findings: Finding[] = [];
  const migrations = request.migrations.map((file) => {
    const lines = file.content.split('\n');
    const statements = lines
      .map((text, i) => ({ text: text.trim(), line: i + 1 }))
      .filter((l) => l.text !== '' && !l.text.startsWith('--'))
      .map((l, index) => {
        if (/^CREATE INDEX (?!CONCURRENTLY)/i.test(l.text)) {
          findings.push({
            rule: 'require-concurrent-index',
            severity: 'error',
            file: file.path,
            line: l.line,
            message: 'CREATE INDEX took ShareLock on public.orders for 40 ms: writes waited.',
            fix: 'CREATE INDEX CONCURRENTLY ...',
          });
        }
        return { index, line: l.line, sql: l.text, kind: 'IndexStmt', durationMs: 40, walBytes: 8192, rewrites: [], locks: [], rows: null, inTransaction: true, lockTimeout: '0' };
      });
    return { file: file.path, status: 'applied' as const, transactionMode: 'single-transaction' as const, statements };
  });
  return {
    version: 1,
    verdict: findings.some((f) => f.severity === 'error') ? 'fail' : 'pass',
    postgres: { version: `${request.postgresMajor}.4` },
    migrations,
    findings,
    notEvaluated: [],
    explain: request.queries.map((query) => ({ query, before: { totalCost: 10, nodes: ['Seq Scan'], seqScans: ['orders'] }, after: { totalCost: 2, nodes: ['Index Scan'], seqScans: [] }, regression: false })),
    notes: { title: 'orders', objective: 'Adds an index on orders.', indexing: [], security: [], backup: [] },
    ...extra,
  };
}
