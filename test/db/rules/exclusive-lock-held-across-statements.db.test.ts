import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('exclusive-lock-held-across-statements', {
  bad: [
    { name: 'ALTER one table, then backfill another in the same transaction', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nALTER TABLE orgs ADD COLUMN plan text;\nUPDATE users SET n = n + 1 WHERE id <= 1000;"], lines: [3] },
    { name: 'ALTER one table, then build an index on another', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nALTER TABLE orgs ADD COLUMN plan text;\nCREATE INDEX users_n ON users (n);"], lines: [3] },
    { name: 'ALTER one table, then rewrite another', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nALTER TABLE orgs ADD COLUMN plan text;\nALTER TABLE users ALTER COLUMN n TYPE bigint;"], lines: [3] },
  ],
  good: [
    { name: 'the slow work first, then the quick ALTER', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nUPDATE users SET n = n + 1 WHERE id <= 1000;\nALTER TABLE orgs ADD COLUMN plan text;"], lines: [] },
    { name: 'separate transactions', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nALTER TABLE orgs ADD COLUMN plan text;", 'UPDATE users SET n = n + 1 WHERE id <= 1000;'], lines: [] },
    { name: 'several quick ALTERs in one transaction', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nALTER TABLE orgs ADD COLUMN plan text;\nALTER TABLE users ADD COLUMN note text;"], lines: [] },
    { name: 'work on the same table is backfill-under-ddl-lock, not this rule', base: ORGS_USERS, migrations: ["SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN score int;\nUPDATE users SET score = 1 WHERE id <= 10;"], lines: [] },
    { name: 'the locked table was created in the same change', base: ORGS_USERS, migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\nUPDATE users SET n = 0 WHERE id <= 10;'], lines: [] },
  ],
});
