import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('redundant-index', {
  bad: [{ name: 'a prefix of a new two-column index', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_code_email_idx ON users (code, email);'], lines: [1] }],
  good: [
    { name: 'an index on unrelated columns', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_email_idx ON users (email);'], lines: [] },
    { name: 'a partial index', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_code_email_idx ON users (code, email) WHERE email IS NOT NULL;'], lines: [] },
  ],
});
