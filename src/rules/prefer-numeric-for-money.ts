import { defineRule } from './define-rule.js';
import { listColumnDefinitions } from './helpers/list-column-definitions.js';
import { shortName } from './helpers/walk-statements.js';

const MONEY_NAME = /(price|amount|cost|total|balance|fee|salary|wage|payment|revenue|tax|money|charge|discount|refund|credit|debit)/i;
const FLOATS: Record<string, string> = { float4: 'real', float8: 'double precision' };

export const preferNumericForMoney = defineRule({
  name: 'prefer-numeric-for-money',
  meta: {
    severity: 'warning',
    summary: 'A money amount is stored as money or as a floating-point type.',
    why: 'real and double precision are binary fractions: 0.1 + 0.2 is not 0.3, and sums of many amounts drift by cents. The money type formats and parses according to the server\'s lc_monetary, so a dump restored under another locale, or a client with another setting, reads different amounts, and it holds no currency.',
    safeAlternative: 'price numeric(12,2) NOT NULL  -- exact decimal; or bigint of the smallest unit (cents), with the currency in its own column',
  },
  needs: ['statements'],
  check: ({ files }) =>
    listColumnDefinitions(files).flatMap((column) => {
      if (column.type === 'money') {
        return [{ file: column.file, line: column.line, message: `${shortName(column.table)}.${column.column} uses the money type, whose value depends on lc_monetary.` }];
      }
      if (column.type in FLOATS && MONEY_NAME.test(column.column)) {
        return [{ file: column.file, line: column.line, message: `${shortName(column.table)}.${column.column} looks like an amount of money but is ${FLOATS[column.type]}, which cannot hold cents exactly.` }];
      }
      return [];
    }),
});
