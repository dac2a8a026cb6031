import { defineRule } from './define-rule.js';
import { listTracedStatements } from './helpers/walk-statements.js';

export const banConcurrentIndexOnPartitionedTable = defineRule({
  name: 'ban-concurrent-index-on-partitioned-table',
  meta: {
    severity: 'error',
    summary: 'CREATE INDEX CONCURRENTLY on a partitioned table.',
    why: 'Postgres cannot build an index on a partitioned parent concurrently ("cannot create index on partitioned table concurrently", SQLSTATE 0A000): the migration fails at deploy. Dropping CONCURRENTLY instead would lock every partition against writes for the whole build.',
    safeAlternative:
      'CREATE INDEX events_at_idx ON ONLY events (at);  -- the parent\'s index, INVALID for now, instant\nCREATE INDEX CONCURRENTLY events_2023_at_idx ON events_2023 (at);  -- each partition, own migration\nALTER INDEX events_at_idx ATTACH PARTITION events_2023_at_idx;  -- valid once all are attached',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      const error = at.traced.error;
      if (at.statement.kind !== 'IndexStmt' || !at.statement.node.concurrent || error?.code !== '0A000' || !/partitioned/.test(error.message)) return [];
      return [{ file: at.file, line: error.line, message: `Postgres ${context.pgMajor} refused it: ${error.message}.` }];
    }),
});
