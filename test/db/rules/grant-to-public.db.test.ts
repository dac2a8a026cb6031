import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('grant-to-public', {
  bad: [{ name: 'SELECT to PUBLIC', base: ORGS_USERS, migrations: ['GRANT SELECT ON users TO PUBLIC;'], lines: [1] }],
  good: [
    { name: 'writes to PUBLIC are the other rule', base: ORGS_USERS, migrations: ['GRANT ALL ON users TO PUBLIC;'], lines: [] },
    { name: 'a grant the base history made', base: `${ORGS_USERS}\nGRANT SELECT ON users TO PUBLIC;`, migrations: ['ALTER TABLE users ADD COLUMN nick text;'], lines: [] },
  ],
});
