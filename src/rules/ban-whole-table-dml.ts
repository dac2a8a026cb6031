import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { formatCount, isExisting, listTracedStatements, shortName } from './helpers/walk-statements.js';

export const banWholeTableDml = defineRule({
  name: 'ban-whole-table-dml',
  meta: {
    severity: 'warning',
    summary: 'An UPDATE or DELETE in a schema migration changes every row of an existing table.',
    why: 'It touches every row of the production table in one transaction: every row stays locked against other writers until it commits, it writes the whole table to WAL (replica lag) and leaves as many dead rows for VACUUM; a DELETE loses the data. In a migration it also runs at deploy time, with a deploy timeout, and cannot be resumed halfway. The review judges from the rows the statement measurably changed out of the rows its scan of the table read in the sandbox, so `WHERE true` or a filter every row matches counts too.',
    safeAlternative:
      'Move data changes out of the schema migration into a batched job (WHERE id BETWEEN ... with a commit per batch), or, if every row must really change, say so with -- pg-dba-review: ignore ban-whole-table-dml -- <why>.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      const kind = at.statement.kind;
      if ((kind !== 'UpdateStmt' && kind !== 'DeleteStmt') || at.traced.error) return [];
      const table = qualifiedName(at.statement.node.relation);
      if (!isExisting(all, at, table)) return [];
      const verb = kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
      const read = at.traced.reads?.find((r) => r.relation === table);
      const changed = read ? (kind === 'UpdateStmt' ? read.updated : read.deleted) : 0;
      // One sequential scan of the target reads every live row: the table's rows at that moment.
      // Through an index only, the rows counted before the migrations (tables a DELETE empties).
      const rows = read && read.seqScans > 0 ? Math.round(read.tuplesRead / read.seqScans) : context.rowsBefore?.[table ?? ''];
      if (rows !== undefined && rows > 0) {
        if (changed < rows) return [];
        return [{ file: at.file, line: at.line, message: `${verb} changed all ${formatCount(rows)} rows of ${shortName(table)} in the sandbox (measured), so every row in production, in one transaction.` }];
      }
      // No rows to measure (an empty table, or only partitions were read): judge the statement.
      if (at.statement.node.whereClause) return [];
      return [{ file: at.file, line: at.line, message: `${verb} without WHERE on ${shortName(table)} changes every row in production, in one transaction (inferred: the sandbox had no rows of it to measure).` }];
    });
  },
});
