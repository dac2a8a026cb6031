import { EmbeddedSandbox } from '../../../src/sandbox/embedded.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { runMigrationsUnmeasured } from '../../../src/trace/trace-migrations.js';

const file = (path: string, content: string) => splitStatements({ path, content });

describe('runMigrationsUnmeasured: what the rollback check runs', () => {
  let sandbox: EmbeddedSandbox;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major: 16 });
  });
  afterAll(() => sandbox.close());

  test('applies files in all three transaction modes and stops at the first failure with its line', async () => {
    const base = await sandbox.prepareBase([file('base.sql', 'CREATE TABLE t (id int);')]);
    const branch = await sandbox.openBranch(base);
    try {
      const results = await runMigrationsUnmeasured(
        branch,
        [
          file('1.sql', 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;'),
          file('2.sql', 'BEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);'),
          file('3.sql', 'BEGIN;\nALTER TABLE t ADD COLUMN d int;'),
          file('4.sql', 'ALTER TABLE t ADD COLUMN e int;\nALTER TABLE nope ADD COLUMN f int;'),
          file('5.sql', 'ALTER TABLE t ADD COLUMN g int;'),
        ],
        { statementLimitMs: 30_000 },
      );
      expect(results.map((r) => [r.file.path, r.transactionMode, r.status])).toEqual([
        ['1.sql', 'single-transaction', 'applied'],
        ['2.sql', 'explicit', 'applied'],
        ['3.sql', 'explicit', 'applied'],
        ['4.sql', 'single-transaction', 'failed'],
        ['5.sql', 'single-transaction', 'skipped'],
      ]);
      expect(results[3]!.error).toEqual({ line: 2, message: 'relation "nope" does not exist' });
      const client = await branch.connect('test');
      const columns = await client.query("SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum");
      const indexes = await client.query("SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 't'::regclass");
      await client.end();
      // 4.sql rolled back as a whole: no column e.
      expect(columns.rows.map((r) => r.attname)).toEqual(['id', 'a', 'b', 'c', 'd']);
      expect(indexes.rows).toEqual([{ name: 't_a_idx' }]);
    } finally {
      await branch.drop();
    }
  });
});
