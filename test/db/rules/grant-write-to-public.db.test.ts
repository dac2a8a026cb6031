import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('grant-write-to-public', {
  bad: [
    { name: 'GRANT ALL to PUBLIC on an existing table', base: ORGS_USERS, migrations: ['GRANT ALL ON users TO PUBLIC;'], lines: [1] },
    { name: 'UPDATE to PUBLIC', base: ORGS_USERS, migrations: ['SELECT 1;\nGRANT SELECT, UPDATE ON orgs TO PUBLIC;'], lines: [2] },
  ],
  good: [
    { name: 'SELECT only (judged by grant-to-public)', base: ORGS_USERS, migrations: ['GRANT SELECT ON users TO PUBLIC;'], lines: [] },
    { name: 'a grant that the base history made', base: `${ORGS_USERS}\nGRANT ALL ON users TO PUBLIC;`, migrations: ['ALTER TABLE users ADD COLUMN nick text;'], lines: [] },
    { name: 'acknowledged by severity override to off', base: ORGS_USERS, migrations: ['GRANT ALL ON users TO PUBLIC;'], rules: { 'grant-write-to-public': { severity: 'off', exclude: [] } }, lines: [] },
  ],
});
