import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('concurrent-index-if-not-exists', {
  bad: [
    { name: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS on an existing table', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);'], lines: [1] },
    { name: 'UNIQUE, after another statement', base: ORGS_USERS, migrations: ['SELECT 1;\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);'], lines: [2] },
  ],
  good: [
    { name: 'drop a leftover, then build without IF NOT EXISTS', base: ORGS_USERS, migrations: ['DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);'], lines: [] },
    { name: 'IF NOT EXISTS without CONCURRENTLY (in a transaction: all or nothing)', base: ORGS_USERS, migrations: ['CREATE TABLE t (a int);\nCREATE INDEX IF NOT EXISTS t_a_idx ON t (a);'], lines: [] },
    { name: 'on a table created in an earlier migration of the change', migrations: ['CREATE TABLE t (a int);', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);'], lines: [] },
  ],
});
