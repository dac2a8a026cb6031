import { parseCommand, type ParsedComment } from '../../../src/github/commands/parse-command.js';

/** comment body → what the bot does with it. */
const cases: Array<[string, ParsedComment | { kind: 'reply'; contains: string }]> = [
  ['/pg-review', { kind: 'command', name: 'run' }],
  ['/pg-review run', { kind: 'command', name: 'run' }],
  ['  /PG-Review RUN  ', { kind: 'command', name: 'run' }],
  ['`/pg-review run`', { kind: 'command', name: 'run' }],
  ['/pg-review help', { kind: 'command', name: 'help' }],
  ['/pg-review --help', { kind: 'command', name: 'help' }],
  ['/pg-review explain SELECT * FROM orders WHERE id = 1;', { kind: 'command', name: 'explain', sql: 'SELECT * FROM orders WHERE id = 1' }],
  ['/pg-review explain\n```sql\nSELECT 1\nFROM orders\n```', { kind: 'command', name: 'explain', sql: 'SELECT 1\nFROM orders' }],
  ['/pg-review explain', { kind: 'reply', contains: 'Give the query to EXPLAIN' }],
  ['/pg-review ignore require-concurrent-index table is tiny', { kind: 'command', name: 'ignore', rule: 'require-concurrent-index', reason: 'table is tiny' }],
  ['/pg-review ignore Require-Concurrent-Index tiny\nand read-only at night', { kind: 'command', name: 'ignore', rule: 'require-concurrent-index', reason: 'tiny and read-only at night' }],
  ['/pg-review ignore require-concurrent-index', { kind: 'reply', contains: 'Say why `require-concurrent-index` is acceptable' }],
  ['/pg-review ignore', { kind: 'reply', contains: 'Usage: `/pg-review ignore <rule> <reason>`' }],
  ['/pg-review explian SELECT 1', { kind: 'reply', contains: 'Did you mean `/pg-review explain`?' }],
  ['/pg-review deploy', { kind: 'reply', contains: 'Unknown command `deploy`.' }],
  ['LGTM', { kind: 'ignore' }],
  ['please run /pg-review', { kind: 'ignore' }],
  ['/pg-reviewer run', { kind: 'ignore' }],
  ['> /pg-review run', { kind: 'ignore' }],
  ['', { kind: 'ignore' }],
];

describe('parseCommand', () => {
  test.each(cases)('%j', (body, expected) => {
    const parsed = parseCommand(body);
    if ('contains' in expected) {
      expect(parsed.kind).toBe('reply');
      expect((parsed as { body: string }).body).toContain(expected.contains);
    } else {
      expect(parsed).toEqual(expected);
    }
  });

  test('unknown commands are answered with the full help', () => {
    const parsed = parseCommand('/pg-review frobnicate');
    expect(parsed).toMatchObject({ kind: 'reply' });
    expect((parsed as { body: string }).body).toContain('`/pg-review explain <SQL>`');
  });
});
