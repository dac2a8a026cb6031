import { splitBaseStatements } from '../../../src/sql/split-base-statements.js';

describe('splitBaseStatements: a base history is parsed once per text, not once per review', () => {
  const file = { path: 'db/0001_init.sql', content: 'CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\n' };

  test('the same path and text give the same parsed file; another text is parsed anew', () => {
    const first = splitBaseStatements(file);
    expect(first.statements.map((s) => s.kind)).toEqual(['CreateStmt', 'IndexStmt']);
    expect(splitBaseStatements({ ...file })).toBe(first);
    const edited = splitBaseStatements({ ...file, content: `${file.content}DROP TABLE a;\n` });
    expect(edited).not.toBe(first);
    expect(edited.statements).toHaveLength(3);
    expect(splitBaseStatements({ ...file, path: 'db/other.sql' })).not.toBe(first);
    expect(splitBaseStatements({ ...file, noTransaction: true }).noTransaction).toBe(true);
  });

  test('a shared result cannot be changed by one review for the next', () => {
    const parsed = splitBaseStatements(file);
    expect(() => {
      (parsed.statements as unknown as unknown[]).push({});
    }).toThrow(TypeError);
    expect(() => {
      (parsed.statements[0] as { text: string }).text = 'DROP TABLE a';
    }).toThrow(TypeError);
    expect(splitBaseStatements(file).statements[0]!.text).toBe('CREATE TABLE a (id int)');
  });

  test('a parse error is remembered with its line like any result', () => {
    const broken = { path: 'db/0002_broken.sql', content: 'CREATE TABLE b (id int);\nCREAT TABLE c ();\n' };
    const parsed = splitBaseStatements(broken);
    expect(parsed.parseError?.line).toBe(2);
    expect(splitBaseStatements(broken)).toBe(parsed);
  });
});
