import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('duplicate-index', {
  bad: [{ name: 'a second index with the same definition', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_code_idx2 ON users (code);'], lines: [1] }],
  good: [
    { name: 'an index on other columns', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_email_idx ON users (email);'], lines: [] },
    { name: 'same columns, another method', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_code_hash ON users USING hash (code);'], lines: [] },
  ],
});
