import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-whole-table-dml', {
  bad: [
    { name: 'UPDATE without WHERE', base: ORGS_USERS, migrations: ["UPDATE users SET email = lower(email);"], lines: [1] },
    { name: 'UPDATE ... WHERE TRUE (measured: every row changed)', base: ORGS_USERS, migrations: ['UPDATE users SET email = lower(email) WHERE TRUE;'], lines: [1] },
    { name: 'an UPDATE whose WHERE every row matches', base: ORGS_USERS, migrations: ['UPDATE users SET n = 0 WHERE n > 0;'], lines: [1] },
    { name: 'a DELETE whose WHERE every row matches (through the primary key)', base: ORGS_USERS, migrations: ['DELETE FROM orgs WHERE id > 0;'], lines: [1] },
    { name: 'UPDATE without WHERE of an empty table (inferred)', base: 'CREATE TABLE t (a int);', migrations: ['UPDATE t SET a = 1;'], lines: [1] },
    { name: 'DELETE without WHERE', base: ORGS_USERS, migrations: ['SELECT 1;\nDELETE FROM orgs;'], lines: [2] },
  ],
  good: [
    { name: 'a scan that changes some rows only', base: ORGS_USERS, migrations: ['UPDATE users SET n = 0 WHERE n < 100;'], lines: [] },
    { name: 'UPDATE with WHERE', base: ORGS_USERS, migrations: ['UPDATE users SET n = 0 WHERE id = 42;'], lines: [] },
    { name: 'UPDATE of a table created in the same change', migrations: ['CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nUPDATE t SET a = 2;'], lines: [] },
    { name: 'INSERT is not a whole-table change', base: ORGS_USERS, migrations: ["INSERT INTO orgs VALUES (1000, 'new');"], lines: [] },
  ],
});
