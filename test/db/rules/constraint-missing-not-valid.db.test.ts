import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('constraint-missing-not-valid', {
  bad: [
    { name: 'ADD CONSTRAINT CHECK without NOT VALID', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_n_positive CHECK (n > 0);'], lines: [1] },
    { name: 'an empty table in the base: the validation scan is still measured', base: 'CREATE TABLE t (a int);', migrations: ['ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0);'], lines: [1] },
    { name: 'inline CHECK on ADD COLUMN without a default (measured: Postgres scans anyway)', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN score int CHECK (score > 0);'], lines: [1] },
    { name: 'inline CHECK on ADD COLUMN', base: ORGS_USERS, migrations: ['SELECT 1;\nALTER TABLE users ADD COLUMN age int CHECK (age >= 0);'], lines: [2] },
  ],
  good: [
    { name: 'CHECK ... NOT VALID', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_n_positive CHECK (n > 0) NOT VALID;'], lines: [] },
    { name: 'VALIDATE in a later migration', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_n_positive CHECK (n > 0) NOT VALID;', 'ALTER TABLE users VALIDATE CONSTRAINT users_n_positive;'], lines: [] },
    { name: 'CHECK on a table created in the same migration', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a CHECK (a > 0);'], lines: [] },
    { name: 'CHECK on a table created by an earlier migration of the change', migrations: ['CREATE TABLE t (a int);', 'ALTER TABLE t ADD CONSTRAINT t_a CHECK (a > 0);'], lines: [] },
    { name: 'foreign keys are adding-foreign-key, not this rule', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);'], lines: [] },
  ],
});
