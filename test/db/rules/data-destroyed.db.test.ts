import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('data-destroyed', {
  bad: [
    { name: 'TRUNCATE of a table with rows', base: ORGS_USERS, migrations: ['TRUNCATE users;'], lines: [1] },
    { name: 'DELETE without WHERE', base: ORGS_USERS, migrations: ['DELETE FROM users;'], lines: [1] },
    { name: 'a DELETE with WHERE that removed rows (counted by the trace)', base: ORGS_USERS, migrations: ['DELETE FROM users WHERE id <= 10;'], lines: [1] },
  ],
  good: [
    { name: 'DROP COLUMN: ban-drop-column carries the rows', base: ORGS_USERS, migrations: ['SELECT 1;\nALTER TABLE users DROP COLUMN email;'], lines: [] },
    { name: 'TRUNCATE of an empty table', base: 'CREATE TABLE audit (id bigint);', migrations: ['TRUNCATE audit;'], lines: [] },
    { name: 'a DELETE with WHERE that matched no row', base: ORGS_USERS, migrations: ['DELETE FROM users WHERE id < 0;'], lines: [] },
    { name: 'a table created in the same change', migrations: ['CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nDROP TABLE t;'], lines: [] },
  ],
});
