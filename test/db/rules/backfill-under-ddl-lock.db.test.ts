import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('backfill-under-ddl-lock', {
  bad: [
    { name: 'ADD COLUMN then UPDATE in one transaction', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN score int;\nUPDATE users SET score = n WHERE score IS NULL;'], lines: [2] },
    { name: 'CREATE INDEX then DELETE in one BEGIN block', base: ORGS_USERS, migrations: ['BEGIN;\nCREATE INDEX users_n ON users (n);\nDELETE FROM users WHERE n < 10;\nCOMMIT;'], lines: [3] },
  ],
  good: [
    { name: 'the backfill in a later migration', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN score int;', 'UPDATE users SET score = n WHERE id <= 1000;'], lines: [] },
    { name: 'separate transactions in one file', base: ORGS_USERS, migrations: ['BEGIN;\nALTER TABLE users ADD COLUMN score int;\nCOMMIT;\nUPDATE users SET score = n WHERE id <= 1000;'], lines: [] },
    { name: 'filling a table created in the same migration', base: ORGS_USERS, migrations: ['CREATE TABLE stats (org_id bigint, users int);\nINSERT INTO stats SELECT org_id, count(*) FROM users GROUP BY 1;'], lines: [] },
    { name: 'data change on another table than the DDL', base: ORGS_USERS, migrations: ['ALTER TABLE orgs ADD COLUMN plan text;\nUPDATE users SET n = 0 WHERE id = 1;'], lines: [] },
  ],
});
