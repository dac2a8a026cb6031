import { defineRule } from './define-rule.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';
import { listColumnDefinitions, type ColumnDefinition } from './helpers/list-column-definitions.js';
import { shortName } from './helpers/walk-statements.js';

export const preferTimestamptz = defineRule({
  name: 'prefer-timestamptz',
  meta: {
    severity: 'warning',
    summary: 'A column is timestamp (without time zone).',
    why: 'timestamp stores a wall-clock reading with no zone: the same instant written by two clients in different TimeZones is stored as two different values, and daylight-saving changes make some values ambiguous. timestamptz stores an absolute instant (in UTC) and costs the same 8 bytes. Converting later is a rewrite unless the session runs in UTC.',
    safeAlternative: 'created_at timestamptz NOT NULL DEFAULT now()',
  },
  needs: ['statements'],
  check: ({ files }) => {
    // One finding per statement, naming every such column (created_at and updated_at are one remark).
    const byStatement = new Map<ParsedStatement, ColumnDefinition[]>();
    for (const column of listColumnDefinitions(files)) {
      if (column.type === 'timestamp') byStatement.set(column.statement, [...(byStatement.get(column.statement) ?? []), column]);
    }
    return [...byStatement.values()].map((columns) => ({
      file: columns[0]!.file,
      line: columns[0]!.line,
      message: `${columns.map((c) => `${shortName(c.table)}.${c.column}`).join(', ')} ${columns.length > 1 ? 'are' : 'is'} timestamp without time zone.`,
    }));
  },
});
