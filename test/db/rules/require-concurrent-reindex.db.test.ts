import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('require-concurrent-reindex', {
  bad: [
    { name: 'REINDEX INDEX', base: ORGS_USERS, migrations: ['REINDEX INDEX users_code_idx;'], lines: [1] },
    { name: 'REINDEX TABLE', base: ORGS_USERS, migrations: ['REINDEX TABLE users;'], lines: [1] },
  ],
  good: [
    { name: 'REINDEX INDEX CONCURRENTLY', base: ORGS_USERS, migrations: ['REINDEX INDEX CONCURRENTLY users_code_idx;'], lines: [] },
    { name: 'REINDEX of a table created in the same change', migrations: ['CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nREINDEX TABLE t;'], lines: [] },
  ],
});
