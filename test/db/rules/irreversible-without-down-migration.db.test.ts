import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('irreversible-without-down-migration', {
  bad: [{ name: 'DROP COLUMN without a down migration', base: ORGS_USERS, migrations: ['SELECT 1;\nALTER TABLE users DROP COLUMN email;'], lines: [2] }],
  good: [
    { name: 'a reversible change without a down migration', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN nick text;'], lines: [] },
    { name: 'DROP COLUMN with a down migration', base: ORGS_USERS, migrations: ['ALTER TABLE users DROP COLUMN email;'], down: ['ALTER TABLE users ADD COLUMN email text;'], lines: [] },
  ],
});
