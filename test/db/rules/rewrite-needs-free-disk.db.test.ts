import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('rewrite-needs-free-disk', {
  bad: [{ name: 'ALTER COLUMN TYPE that rewrites an existing table', base: ORGS_USERS, migrations: ['ALTER TABLE users ALTER COLUMN n TYPE bigint;'], lines: [1] }],
  good: [
    { name: 'a metadata-only change', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN nick text;'], lines: [] },
    { name: 'a rewrite of a table created in the same change', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;'], lines: [] },
  ],
});
