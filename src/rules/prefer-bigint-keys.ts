import { defineRule } from './define-rule.js';
import { listColumnDefinitions } from './helpers/list-column-definitions.js';
import { shortName } from './helpers/walk-statements.js';

const SMALL: Record<string, string> = { int4: 'integer', int2: 'smallint', serial: 'serial', serial4: 'serial', smallserial: 'smallserial', serial2: 'smallserial' };

export const preferBigintKeys = defineRule({
  name: 'prefer-bigint-keys',
  meta: {
    severity: 'warning',
    summary: 'A primary key or identity column is integer/smallint (or serial) instead of bigint.',
    why: 'An integer key runs out at 2,147,483,647 (smallint at 32,767), and inserts then fail. Widening it later is ALTER COLUMN ... TYPE bigint: a full rewrite of the table and every index under AccessExclusiveLock, plus every foreign key column that references it.',
    safeAlternative: 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY  -- 8 bytes instead of 4, never runs out',
  },
  needs: ['statements'],
  check: ({ files }) =>
    listColumnDefinitions(files).flatMap((column) => {
      if (!(column.type in SMALL) || column.how === 'alter-type') return [];
      const isKey = column.inTablePrimaryKey || column.constraints.some((c) => c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_IDENTITY');
      const isSerial = column.type.includes('serial');
      if (!isKey && !(isSerial && column.column === 'id')) return [];
      return [{ file: column.file, line: column.line, message: `${shortName(column.table)}.${column.column} is ${SMALL[column.type]}: a key that can run out, and widening it later rewrites the table.` }];
    }),
});
