import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('set-not-null-without-check', {
  bad: [
    { name: 'SET NOT NULL alone', base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL;'], lines: [1] },
    { name: 'the CHECK is NOT VALID and never validated', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;'], lines: [1] },
    { name: 'an empty table in the base: the scan is still measured', base: 'CREATE TABLE t (a int);', migrations: ['ALTER TABLE t ALTER COLUMN a SET NOT NULL;'], lines: [1] },
    { name: 'the CHECK proves another column', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT code_nn CHECK (code IS NOT NULL) NOT VALID;', 'ALTER TABLE users VALIDATE CONSTRAINT code_nn;', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;'], lines: [1] },
  ],
  good: [
    { name: 'CHECK NOT VALID, VALIDATE, then SET NOT NULL', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;', 'ALTER TABLE users VALIDATE CONSTRAINT email_nn;', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT email_nn;'], lines: [] },
    { name: 'a CHECK that ANDs several IS NOT NULL tests', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT nn CHECK (code IS NOT NULL AND email IS NOT NULL) NOT VALID;', 'ALTER TABLE users VALIDATE CONSTRAINT nn;', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;'], lines: [] },
    // PostgreSQL 12+ proves the column from a valid CHECK and reads no row: measured, no scan.
    { name: 'a valid CHECK (email IS NOT NULL) in the base schema, table with rows', base: `${ORGS_USERS}\nALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);`, migrations: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL;'], lines: [] },
    { name: 'the base added the CHECK NOT VALID and validated it later', base: `${ORGS_USERS}\nALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;`, migrations: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL;'], lines: [] },
    { name: 'the column is already NOT NULL', base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN id SET NOT NULL;'], lines: [] },
    { name: 'SET NOT NULL on a new table', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;'], lines: [] },
  ],
});
