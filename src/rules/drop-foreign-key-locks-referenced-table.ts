import { alterCommands } from '../sql/classify-statement.js';
import { listOf, qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listTracedStatements, nameFromList, shortName } from './helpers/walk-statements.js';

export const dropForeignKeyLocksReferencedTable = defineRule({
  name: 'drop-foreign-key-locks-referenced-table',
  meta: {
    severity: 'info',
    summary: 'Dropping a foreign key (or a table that has one) also takes AccessExclusiveLock on the referenced table.',
    why: 'Removing a foreign key removes its triggers on the referenced table too, so Postgres locks that table with AccessExclusiveLock (measured), not only the table being altered. The referenced table is often the hottest one (users, accounts): the drop is instant, but while it waits for running queries on the referenced table, every new read of it queues behind.',
    safeAlternative: "SET lock_timeout = '2s';  -- and retry on timeout; run it when the referenced table is least busy",
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      if (at.traced.error) return [];
      const node = at.statement.node;
      let named: string[] = [];
      if (at.statement.kind === 'AlterTableStmt' && alterCommands(at.statement).some((c) => c.subtype === 'AT_DropConstraint' || c.subtype === 'AT_DropColumn')) {
        named = [qualifiedName(node.relation) ?? ''];
      } else if (at.statement.kind === 'DropStmt' && node.removeType === 'OBJECT_TABLE' && node.behavior !== 'DROP_CASCADE') {
        named = listOf(node.objects).map(nameFromList).filter((n): n is string => !!n);
      } else {
        return [];
      }
      const others = at.traced.locks.filter(
        (l) => l.mode === 'AccessExclusiveLock' && ['r', 'p'].includes(l.relkind) && !named.includes(l.relation) && !at.createdBefore.has(l.relation),
      );
      if (others.length === 0) return [];
      const lockTimeout = at.traced.lockTimeout === '0' ? ' with lock_timeout = 0' : ` (lock_timeout ${at.traced.lockTimeout})`;
      return [{ file: at.file, line: at.line, message: `Also took AccessExclusiveLock on ${[...new Set(others.map((l) => shortName(l.relation)))].join(', ')}, the referenced table${others.length > 1 ? 's' : ''}${lockTimeout}: reads of ${others.length > 1 ? 'them' : 'it'} wait while this waits.` }];
    }),
});
