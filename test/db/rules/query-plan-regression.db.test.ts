import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

const QUERY = "SELECT * FROM users WHERE code = '42'";

describeRule('query-plan-regression', {
  bad: [{ name: 'dropping the index a configured query used', base: ORGS_USERS, queries: [QUERY], migrations: ['DROP INDEX users_code_idx;'], lines: [1] }],
  good: [
    { name: 'the query keeps its index', base: ORGS_USERS, queries: [QUERY], migrations: ['CREATE INDEX CONCURRENTLY users_email_idx ON users (email);'], lines: [] },
    { name: 'no configured queries', base: ORGS_USERS, migrations: ['DROP INDEX users_code_idx;'], lines: [] },
  ],
});
