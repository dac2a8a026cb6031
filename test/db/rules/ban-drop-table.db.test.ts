import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-drop-table', {
  bad: [
    { name: 'DROP TABLE of an existing table', base: ORGS_USERS, migrations: ['DROP TABLE users;'], lines: [1] },
    { name: 'DROP TABLE IF EXISTS of an existing table', base: ORGS_USERS, migrations: ['SELECT 1;\nDROP TABLE IF EXISTS users;'], lines: [2] },
  ],
  good: [
    { name: 'a table created in the same change', migrations: ['CREATE TABLE tmp (a int);\nDROP TABLE tmp;'], lines: [] },
    { name: 'IF EXISTS on a table production does not have', migrations: ['DROP TABLE IF EXISTS nothing_here;'], lines: [] },
    { name: 'DROP VIEW is not a table', base: `${ORGS_USERS}\nCREATE VIEW v AS SELECT id FROM users;`, migrations: ['DROP VIEW v;'], lines: [] },
  ],
});
