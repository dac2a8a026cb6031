import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

const LINKED = `${ORGS_USERS}\nALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);`;

describeRule('drop-foreign-key-locks-referenced-table', {
  bad: [
    { name: 'DROP CONSTRAINT of a foreign key', base: LINKED, migrations: ["SET lock_timeout = '1s';\nALTER TABLE users DROP CONSTRAINT users_org_fk;"], lines: [2] },
    { name: 'DROP COLUMN of the referencing column', base: LINKED, migrations: ['ALTER TABLE users DROP COLUMN org_id;'], lines: [1] },
    { name: 'DROP TABLE of the referencing table', base: LINKED, migrations: ['DROP TABLE users;'], lines: [1] },
    { name: 'the referencing table is new, the referenced one is not', base: ORGS_USERS, migrations: ['CREATE TABLE t (org_id bigint REFERENCES orgs (id) ON DELETE CASCADE);', 'ALTER TABLE t DROP COLUMN org_id;'], lines: [1] },
  ],
  good: [
    { name: 'both tables created in the same change', migrations: ['CREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE c (p_id bigint REFERENCES p (id) ON DELETE CASCADE);', 'ALTER TABLE c DROP COLUMN p_id;'], lines: [] },
    { name: 'DROP CONSTRAINT of a CHECK', base: `${ORGS_USERS}\nALTER TABLE users ADD CONSTRAINT n_pos CHECK (n > 0);`, migrations: ['ALTER TABLE users DROP CONSTRAINT n_pos;'], lines: [] },
    { name: 'DROP TABLE without foreign keys', base: ORGS_USERS, migrations: ['DROP TABLE users;'], lines: [] },
  ],
});
