import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-rename-column', {
  bad: [
    { name: 'RENAME COLUMN on an existing table', base: ORGS_USERS, migrations: ['ALTER TABLE users RENAME COLUMN email TO mail;'], lines: [1] },
  ],
  good: [
    { name: 'on a table created in the same change', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;'], lines: [] },
    { name: 'a column added earlier in the same migration', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN mial text;\nALTER TABLE users RENAME COLUMN mial TO mail;'], lines: [] },
    { name: 'a column added by an earlier migration of the change', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN mial text;', 'ALTER TABLE users RENAME COLUMN mial TO mail;'], lines: [] },
    { name: 'adding a column is not a rename', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN mail text;'], lines: [] },
  ],
});
