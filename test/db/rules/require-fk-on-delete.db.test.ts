import { describeRule } from '../../helpers/rule-cases.js';

const ORGS = 'CREATE TABLE orgs (id bigint PRIMARY KEY);';

describeRule('require-fk-on-delete', {
  bad: [
    { name: 'inline REFERENCES without ON DELETE', base: ORGS, migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));'], lines: [1] },
    { name: 'table-level FOREIGN KEY without ON DELETE, ON UPDATE only', base: ORGS, migrations: ['CREATE TABLE t (\n  id bigint PRIMARY KEY,\n  org_id bigint,\n  FOREIGN KEY (org_id) REFERENCES orgs (id) ON UPDATE CASCADE\n);'], lines: [1] },
    { name: 'one of two foreign keys lacks it', base: ORGS, migrations: ['CREATE TABLE t (a bigint REFERENCES orgs ON DELETE CASCADE, b bigint REFERENCES orgs);'], lines: [1] },
  ],
  good: [
    { name: 'ON DELETE CASCADE', base: ORGS, migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id) ON DELETE CASCADE);'], lines: [] },
    { name: 'explicit ON DELETE NO ACTION', base: ORGS, migrations: ['CREATE TABLE t (org_id bigint, CONSTRAINT t_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) ON UPDATE CASCADE ON DELETE NO ACTION);'], lines: [] },
    { name: 'ALTER TABLE ADD FOREIGN KEY ... ON DELETE SET NULL', base: `${ORGS}\nCREATE TABLE t (org_id bigint);`, migrations: ['ALTER TABLE t ADD CONSTRAINT t_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE SET NULL NOT VALID;'], lines: [] },
  ],
});
