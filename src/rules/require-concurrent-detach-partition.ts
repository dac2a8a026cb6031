import { alterCommands } from '../sql/classify-statement.js';
import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { isExisting, listTracedStatements, locksOnExisting, shortName } from './helpers/walk-statements.js';

export const requireConcurrentDetachPartition = defineRule({
  name: 'require-concurrent-detach-partition',
  meta: {
    severity: 'warning',
    summary: 'DETACH PARTITION without CONCURRENTLY on an existing partitioned table.',
    why: 'A plain DETACH PARTITION takes AccessExclusiveLock on the parent (measured), so every query on any partition of the table waits for it, and queues behind it while it waits for running queries.',
    safeAlternative:
      'ALTER TABLE parent DETACH PARTITION child CONCURRENTLY;  -- PostgreSQL 14+, own migration, outside a transaction; takes ShareUpdateExclusiveLock on the parent. Not possible when the table has a DEFAULT partition. If it is interrupted, finish it with DETACH PARTITION child FINALIZE.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      const parent = qualifiedName(at.statement.node.relation);
      if (at.statement.kind !== 'AlterTableStmt' || at.traced.error || !isExisting(all, at, parent)) return [];
      return alterCommands(at.statement)
        .filter((cmd) => cmd.subtype === 'AT_DetachPartition' && !unwrap(cmd.def, 'PartitionCmd')?.concurrent)
        .flatMap(() => {
          const lock = locksOnExisting(all, at, parent)[0]!;
          if (lock.mode !== 'AccessExclusiveLock') return [];
          return [{ file: at.file, line: at.line, message: `DETACH PARTITION took AccessExclusiveLock on ${shortName(parent)} (blocks ${lock.blocks.join(', ')}); CONCURRENTLY is available on PostgreSQL ${context.pgMajor}.` }];
        });
    });
  },
});
