import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-drop-column', {
  bad: [
    { name: 'DROP COLUMN on an existing table', base: ORGS_USERS, migrations: ['ALTER TABLE users DROP COLUMN email;'], lines: [1] },
    { name: 'two columns in one statement', base: ORGS_USERS, migrations: ['ALTER TABLE users DROP COLUMN email, DROP COLUMN code;'], lines: [1, 1] },
  ],
  good: [
    { name: 'a column added in the same change', migrations: ['CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;'], lines: [] },
  ],
});
