import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('require-concurrent-drop-index', {
  bad: [
    { name: 'DROP INDEX on an existing table', base: ORGS_USERS, migrations: ['DROP INDEX users_code_idx;'], lines: [1] },
  ],
  good: [
    { name: 'DROP INDEX CONCURRENTLY', base: ORGS_USERS, migrations: ['DROP INDEX CONCURRENTLY users_code_idx;'], lines: [] },
    { name: 'an index created in the same change', base: ORGS_USERS, migrations: ['CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;'], lines: [] },
    { name: 'IF EXISTS on an index that is not there', base: ORGS_USERS, migrations: ['DROP INDEX IF EXISTS nothing_idx;'], lines: [] },
  ],
});
