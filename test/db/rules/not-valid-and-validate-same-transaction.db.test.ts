import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('not-valid-and-validate-same-transaction', {
  bad: [
    { name: 'CHECK NOT VALID and VALIDATE in one file (one transaction)', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT n_pos;'], lines: [2] },
    { name: 'FK NOT VALID and VALIDATE inside one BEGIN block', base: ORGS_USERS, migrations: ['BEGIN;\nALTER TABLE users ADD CONSTRAINT org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT org_fk;\nCOMMIT;'], lines: [3] },
  ],
  good: [
    { name: 'separate migrations', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;', 'ALTER TABLE users VALIDATE CONSTRAINT n_pos;'], lines: [] },
    { name: 'separate transactions in one file', base: ORGS_USERS, migrations: ['BEGIN;\nALTER TABLE users ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE users VALIDATE CONSTRAINT n_pos;\nCOMMIT;'], lines: [] },
    { name: 'on a new table', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT a_pos;'], lines: [] },
  ],
});
