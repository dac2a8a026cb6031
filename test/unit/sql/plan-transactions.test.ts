import { planTransactions } from '../../../src/sql/plan-transactions.js';
import { splitStatements } from '../../../src/sql/split-statements.js';

const plan = (sql: string) => planTransactions(splitStatements({ path: 'm.sql', content: sql }));

describe('planTransactions', () => {
  test.each([
    ['ALTER TABLE a ADD COLUMN b int; CREATE INDEX i ON a (b);', 'single-transaction'],
    ['BEGIN; ALTER TABLE a ADD COLUMN b int; COMMIT;', 'explicit'],
    ['START TRANSACTION; SELECT 1; END;', 'explicit'],
    ['CREATE INDEX CONCURRENTLY i ON a (b);', 'autocommit'],
    ['DROP INDEX CONCURRENTLY i;', 'autocommit'],
    ['REINDEX INDEX CONCURRENTLY i;', 'autocommit'],
    ['REINDEX INDEX i;', 'single-transaction'],
    ['VACUUM a;', 'autocommit'],
    ['ANALYZE a;', 'single-transaction'],
    ['ALTER TABLE p DETACH PARTITION c CONCURRENTLY;', 'autocommit'],
    ['ALTER TABLE p DETACH PARTITION c;', 'single-transaction'],
    ["ALTER TYPE mood ADD VALUE 'meh';", 'single-transaction'],
  ])('%s → %s', (sql, mode) => {
    expect(plan(sql)).toBe(mode);
  });
});
