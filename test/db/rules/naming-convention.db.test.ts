import { describeRule } from '../../helpers/rule-cases.js';

describeRule('naming-convention', {
  bad: [
    { name: 'quoted mixed-case table and column', migrations: ['CREATE TABLE "UserAccounts" ("userId" bigint PRIMARY KEY);'], lines: [1] },
    { name: 'index name with capitals', base: 'CREATE TABLE t (a int);', migrations: ['CREATE INDEX "T_A_Idx" ON t (a);'], lines: [1] },
    { name: 'identifier longer than 63 bytes', migrations: [`CREATE TABLE t (${'a'.repeat(70)} int);`], lines: [1] },
    { name: 'a configured index pattern', base: 'CREATE TABLE t (a int);', naming: { table: '^[a-z][a-z0-9_]*$', column: '^[a-z][a-z0-9_]*$', index: '^[a-z0-9_]+_idx$', constraint: '^[a-z][a-z0-9_]*$' }, migrations: ['CREATE INDEX t_a ON t (a);'], lines: [1] },
    { name: 'rename to a bad name', base: 'CREATE TABLE t (a int);', migrations: ['ALTER TABLE t RENAME COLUMN a TO "A"; -- pg-dba-review: ignore ban-rename-column -- test'], lines: [1] },
  ],
  good: [
    { name: 'snake_case everywhere', migrations: ['CREATE TABLE user_accounts (id bigint PRIMARY KEY, org_id bigint, CONSTRAINT user_accounts_org_check CHECK (org_id > 0));\nCREATE INDEX user_accounts_org_id_idx ON user_accounts (org_id);'], lines: [] },
    { name: 'the configured index pattern', base: 'CREATE TABLE t (a int);', naming: { table: '^[a-z][a-z0-9_]*$', column: '^[a-z][a-z0-9_]*$', index: '^[a-z0-9_]+_idx$', constraint: '^[a-z][a-z0-9_]*$' }, migrations: ['CREATE INDEX t_a_idx ON t (a);'], lines: [] },
  ],
});
