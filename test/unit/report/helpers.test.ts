import { escapeText } from '../../../src/report/helpers/escape-text.js';
import { fenceSql } from '../../../src/report/helpers/fence-sql.js';
import { formatBytes } from '../../../src/report/helpers/format-bytes.js';
import { formatDuration } from '../../../src/report/helpers/format-duration.js';
import { inlineCode } from '../../../src/report/helpers/inline-code.js';

describe('report helpers', () => {
  test.each([
    ['users', '`users`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
    ['a | b\nc', '`a \\| b c`'],
    ['', ''],
  ])('inlineCode(%j) = %j', (input, expected) => {
    expect(inlineCode(input)).toBe(expected);
  });

  test('fenceSql uses a fence longer than any backtick run inside', () => {
    expect(fenceSql('SELECT 1')).toBe('```sql\nSELECT 1\n```');
    expect(fenceSql("SELECT '````'")).toBe("`````sql\nSELECT '````'\n`````");
  });

  test('escapeText neutralises Markdown, HTML and mentions but keeps identifiers readable', () => {
    expect(escapeText('<script>*x* | @team\nnext')).toBe('\\<script\\>\\*x\\* \\| @\u200bteam next');
    expect(escapeText('orders_customer_id_idx')).toBe('orders_customer_id_idx');
  });

  test.each([
    [0.25, '0.25 ms'],
    [7.26, '7.3 ms'],
    [61.49, '61 ms'],
    [1534, '1.53 s'],
    [65000, '65.0 s'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [2048, '2.0 kB'],
    [2848536, '2.7 MB'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
