import { defineRule } from './define-rule.js';
import { listTracedStatements } from './helpers/walk-statements.js';

export const invalidIndexLeftBehind = defineRule({
  name: 'invalid-index-left-behind',
  meta: {
    severity: 'error',
    summary: 'CREATE INDEX CONCURRENTLY failed and leaves an INVALID index behind.',
    why: 'A concurrent build commits the index into the catalog before it builds it. When the build fails (a duplicate for a UNIQUE index, a cancelled statement, a deadlock) the index stays, marked INVALID: it is not used by queries but is still updated by every write, and a retry with IF NOT EXISTS silently keeps the broken index.',
    safeAlternative:
      'Fix the cause (e.g. remove the duplicates), then:\nDROP INDEX CONCURRENTLY IF EXISTS name;\nCREATE INDEX CONCURRENTLY name ON ...;\n-- find leftovers: SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid;',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      const error = at.traced.error;
      if (at.statement.kind !== 'IndexStmt' || !at.statement.node.concurrent || !error) return [];
      if (['25001', '0A000', '42P07', '42P01', '42703', '42704', '42601'].includes(error.code ?? '')) return [];
      return [{ file: at.file, line: error.line, message: `The concurrent build of ${String(at.statement.node.idxname ?? 'the index')} failed (${error.message}); Postgres ${context.pgMajor} leaves it INVALID in the catalog.` }];
    }),
});
