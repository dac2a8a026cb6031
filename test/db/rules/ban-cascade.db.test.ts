import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

const LINKED = `${ORGS_USERS}\nALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);\nCREATE VIEW org_names AS SELECT name FROM orgs;`;

describeRule('ban-cascade', {
  bad: [
    { name: 'TRUNCATE ... CASCADE empties the referencing table too', base: LINKED, migrations: ['TRUNCATE orgs CASCADE;'], lines: [1] },
    { name: 'DROP TABLE ... CASCADE drops a view and a foreign key', base: LINKED, migrations: ['DROP TABLE orgs CASCADE;'], lines: [1] },
    { name: 'DROP TYPE ... CASCADE drops columns', base: `${ORGS_USERS}\nCREATE TYPE mood AS ENUM ('a');\nALTER TABLE users ADD COLUMN mood mood;`, migrations: ['DROP TYPE mood CASCADE;'], lines: [1] },
  ],
  good: [
    { name: 'DROP without CASCADE', base: ORGS_USERS, migrations: ['DROP TABLE orgs;'], lines: [] },
    { name: 'CASCADE on objects created in the same change', migrations: ['CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\nDROP TABLE t CASCADE;'], lines: [] },
  ],
});
