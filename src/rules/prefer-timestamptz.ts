import { defineRule } from './define-rule.js';
import { listColumnDefinitions } from './helpers/list-column-definitions.js';
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
  check: ({ files }) =>
    listColumnDefinitions(files).flatMap((column) =>
      column.type === 'timestamp'
        ? [{ file: column.file, line: column.line, message: `${shortName(column.table)}.${column.column} is timestamp without time zone.` }]
        : [],
    ),
});
