/**
 * Files no door may review as SQL (issue 12): the same bytes are given to the CLI (`check`,
 * `review --repo`), the App, the Action and `/pg-review explain`. `why` is what the refusal
 * must say after the file's name. The size case needs PG_DBA_REVIEW_MAX_FILE_BYTES=2048.
 */
export const MAX_FILE_BYTES_FOR_TESTS = 2048;

export const unreadableFiles: Array<{ name: string; bytes: Buffer; why: RegExp }> = [
  {
    // The parser stops at the NUL: today the CLI reviewed this as two harmless statements.
    name: 'a NUL byte hiding an index build and a table rewrite',
    bytes: Buffer.from(
      "SET lock_timeout = '1s';\nALTER TABLE orders ADD COLUMN note text;\n\0\nCREATE INDEX orders_note_idx ON orders (note);\nALTER TABLE orders ALTER COLUMN id TYPE numeric;\n",
    ),
    why: /is not a text file \(a NUL byte on line 3; Postgres would stop reading the file there\)/,
  },
  {
    name: 'Latin-1 text (invalid UTF-8)',
    bytes: Buffer.concat([Buffer.from("SELECT 1;\nCOMMENT ON TABLE orders IS 'caf"), Buffer.from([0xe9]), Buffer.from("';\n")]),
    why: /is not a text file \(not valid UTF-8.*first on line 2\)/,
  },
  {
    name: 'UTF-16 with a byte-order mark',
    bytes: Buffer.from('\ufeffCREATE INDEX orders_note_idx ON orders (note);\n', 'utf16le'),
    why: /is not a text file \((a NUL byte|not valid UTF-8)/,
  },
  {
    name: 'over the size limit',
    bytes: Buffer.from('SELECT 1;\n'.repeat(300)),
    why: /is 3 KiB, over the 2 KiB limit for one file; .*PG_DBA_REVIEW_MAX_FILE_BYTES/,
  },
];
