import { splitStatements } from '../../../src/sql/split-statements.js';

const split = (content: string) => splitStatements({ path: 'm.sql', content });

describe('splitStatements', () => {
  test('keeps the line of each statement, after comments and blank lines', () => {
    const file = split('-- header\n\nCREATE TABLE a (id int);\n/* note */ CREATE INDEX a_id ON a (id);\n\n\nALTER TABLE a\n  ADD COLUMN b int;');
    expect(file.statements.map((s) => [s.line, s.kind])).toEqual([
      [3, 'CreateStmt'],
      [4, 'IndexStmt'],
      [7, 'AlterTableStmt'],
    ]);
    expect(file.statements[1]!.text).toBe('CREATE INDEX a_id ON a (id)');
    expect(file.statements[2]!.text).toBe('ALTER TABLE a\n  ADD COLUMN b int');
  });

  test('slices on UTF-8 byte offsets, so multibyte text before a statement does not shift it', () => {
    const file = split("COMMENT ON SCHEMA public IS 'café ☕ 🐘';\nSELECT 'ñ';\nSELECT 2;");
    expect(file.statements.map((s) => s.text)).toEqual(["COMMENT ON SCHEMA public IS 'café ☕ 🐘'", "SELECT 'ñ'", 'SELECT 2']);
    expect(file.statements.map((s) => s.line)).toEqual([1, 2, 3]);
  });

  test('keeps dollar-quoted bodies whole', () => {
    const file = split('CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT f();');
    expect(file.statements).toHaveLength(2);
    expect(file.statements[1]!.line).toBe(6);
  });

  test('a parse error gives the line of the offending token and no statements', () => {
    const file = split('SELECT 1;\n\nALTER TABLE orders\n  ADD COLUMN;\n');
    expect(file.statements).toEqual([]);
    expect(file.parseError).toEqual({ message: 'syntax error at or near ";"', line: 4 });
  });

  test('psql meta-commands are a syntax error with an explanation, never something to run', () => {
    const file = split("SELECT 1;\n\\! rm -rf /\n");
    expect(file.parseError?.line).toBe(2);
    expect(file.parseError?.message).toMatch(/psql meta-commands/);
  });

  test('an empty or comment-only file has no statements and no error', () => {
    expect(split('-- nothing yet\n')).toEqual({ path: 'm.sql', statements: [] });
  });

  test('passwords are redacted in sql, kept in text for execution', () => {
    const [statement] = split("CREATE ROLE app LOGIN PASSWORD 'hunter2';").statements;
    expect(statement!.sql).toBe("CREATE ROLE app LOGIN PASSWORD '[redacted]'");
    expect(statement!.text).toContain('hunter2');
  });
});
