import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { isExisting, listTracedStatements, shortName } from './helpers/walk-statements.js';

export const banWholeTableDml = defineRule({
  name: 'ban-whole-table-dml',
  meta: {
    severity: 'warning',
    summary: 'UPDATE or DELETE without WHERE on an existing table in a schema migration.',
    why: 'It touches every row of the production table in one transaction: every row stays locked against other writers until it commits, it writes the whole table to WAL (replica lag) and leaves as many dead rows for VACUUM; a DELETE loses the data. In a migration it also runs at deploy time, with a deploy timeout, and cannot be resumed halfway.',
    safeAlternative:
      'Move data changes out of the schema migration into a batched job (WHERE id BETWEEN ... with a commit per batch), or, if every row must really change, say so with -- pg-dba-review: ignore ban-whole-table-dml -- <why>.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      const kind = at.statement.kind;
      if ((kind !== 'UpdateStmt' && kind !== 'DeleteStmt') || at.statement.node.whereClause || at.traced.error) return [];
      const table = qualifiedName(at.statement.node.relation);
      if (!isExisting(all, at, table)) return [];
      const verb = kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
      return [{ file: at.file, line: at.line, message: `${verb} without WHERE on ${shortName(table)}: it changed ${at.traced.rows ?? 'all'} rows in the sandbox, and every row in production, in one transaction.` }];
    });
  },
});
