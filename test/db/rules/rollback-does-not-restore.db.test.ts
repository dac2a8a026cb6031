import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('rollback-does-not-restore', {
  bad: [
    { name: 'a down migration that fails', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN nickname text;'], down: ['SELECT 1;\nALTER TABLE users DROP COLUMN nick;'], lines: [2] },
    { name: 'a down migration that leaves a difference', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_email_idx ON users (email);'], down: ['DROP INDEX users_email_idx;'], lines: [0] },
  ],
  good: [
    { name: 'a down migration that restores the base', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN nickname text;'], down: ['ALTER TABLE users DROP COLUMN nickname;'], lines: [] },
    { name: 'no down migration (a generated inverse is not judged here)', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN nickname text;'], lines: [] },
  ],
});
