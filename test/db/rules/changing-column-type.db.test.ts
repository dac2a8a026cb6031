import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('changing-column-type', {
  bad: [
    { name: 'timestamp → timestamptz relying on the session TimeZone', base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN created TYPE timestamptz;'], lines: [1] },
  ],
  good: [
    { name: 'TimeZone pinned to UTC first', base: ORGS_USERS, migrations: ["SET LOCAL TimeZone = 'UTC';\nALTER TABLE users ALTER COLUMN created TYPE timestamptz;"], lines: [] },
    { name: 'non-UTC TimeZone: measured as a rewrite, left to table-rewrite-under-exclusive-lock', base: ORGS_USERS, migrations: ["SET TimeZone = 'Europe/Paris';\nALTER TABLE users ALTER COLUMN created TYPE timestamptz;"], lines: [] },
    { name: 'varchar widening', base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN code TYPE varchar(50);'], lines: [] },
    { name: 'varchar → text', base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN code TYPE text;'], lines: [] },
    { name: 'on a new table', migrations: ['CREATE TABLE t (at timestamp);\nALTER TABLE t ALTER COLUMN at TYPE timestamptz;'], lines: [] },
  ],
});
