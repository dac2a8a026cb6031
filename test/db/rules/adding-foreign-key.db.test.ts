import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('adding-foreign-key', {
  bad: [
    { name: 'ADD FOREIGN KEY without NOT VALID', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);'], lines: [1] },
    { name: 'REFERENCES inline on ADD COLUMN with a DEFAULT (every row is checked)', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN owner_org bigint DEFAULT 1 REFERENCES orgs (id);'], lines: [1] },
    { name: 'an empty table in the base: the validation scan is still measured', base: `${ORGS_USERS}\nCREATE TABLE invoices (id bigint, org_id bigint);`, migrations: ['ALTER TABLE invoices ADD CONSTRAINT invoices_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);'], lines: [1] },
  ],
  good: [
    // No DEFAULT: the new column is all NULL and Postgres validates nothing (measured: no scan).
    { name: 'ADD COLUMN ... REFERENCES without a DEFAULT', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN owner_org bigint REFERENCES orgs (id);'], lines: [] },
    { name: 'self-referencing ADD COLUMN parent_id ... REFERENCES t (id)', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN parent_id bigint REFERENCES users (id);'], lines: [] },
    { name: 'FOREIGN KEY ... NOT VALID', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;'], lines: [] },
    { name: 'NOT VALID then VALIDATE in the next migration', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;', 'ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;'], lines: [] },
    { name: 'a new table referencing an existing one', base: ORGS_USERS, migrations: ['CREATE TABLE invoices (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE);'], lines: [] },
    { name: 'FK on a table created in the same migration', base: ORGS_USERS, migrations: ['CREATE TABLE invoices (id bigint PRIMARY KEY, org_id bigint);\nALTER TABLE invoices ADD FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE;'], lines: [] },
  ],
});
