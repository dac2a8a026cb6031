import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName } from './helpers/walk-statements.js';

const DML = ['UpdateStmt', 'DeleteStmt', 'InsertStmt'];

export const backfillUnderDdlLock = defineRule({
  name: 'backfill-under-ddl-lock',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'Data is changed in a transaction that already holds a schema-change lock on the same table.',
    why: 'Locks are held until the transaction ends. An UPDATE/INSERT/DELETE that runs after an ALTER TABLE (or CREATE INDEX) on the same table in the same transaction keeps that lock, AccessExclusiveLock for most ALTERs, for as long as the backfill takes: reads and writes of the table are blocked for the whole data change, not for the milliseconds of the DDL.',
    safeAlternative:
      'Commit the schema change first (its own migration), then backfill in a separate migration or job, in batches with a commit after each:\nUPDATE t SET c = ... WHERE id BETWEEN $1 AND $2;  -- repeat per batch',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      if (!DML.includes(at.statement.kind) || at.traced.error) return [];
      const table = qualifiedName(at.statement.node.relation);
      if (!table || at.createdBefore.has(table)) return [];
      const held = all
        .filter((s) => s.migration === at.migration && s.transaction === at.transaction && s.position < at.position)
        .flatMap((s) => s.traced.locks.filter((l) => l.relation === table && (l.blocks.includes('reads') || l.blocks.includes('writes'))).map((lock) => ({ lock, line: s.line })));
      const strongest = held.sort((a, b) => b.lock.blocks.length - a.lock.blocks.length)[0];
      if (!strongest) return [];
      const rows = at.traced.rows === null ? '' : ` (${at.traced.rows} rows in the sandbox, ${at.traced.durationMs} ms)`;
      return [{
        file: at.file,
        line: at.line,
        message: `This data change on ${shortName(table)}${rows} runs while the ${strongest.lock.mode} taken at line ${strongest.line} is still held: ${strongest.lock.blocks.join(', ')} stay blocked until the backfill commits.`,
      }];
    });
  },
});
