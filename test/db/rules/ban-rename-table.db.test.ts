import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-rename-table', {
  bad: [
    { name: 'RENAME TO on an existing table', base: ORGS_USERS, migrations: ['ALTER TABLE users RENAME TO accounts;'], lines: [1] },
  ],
  good: [
    { name: 'rename with a compatibility view of the old name', base: ORGS_USERS, migrations: ['ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;'], lines: [] },
    { name: 'a table created in the same change', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t RENAME TO t2;'], lines: [] },
  ],
});
