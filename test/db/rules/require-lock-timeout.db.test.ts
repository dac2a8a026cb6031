import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

const RUNNER = [{ name: 'lock_timeout', value: '5s' }, { name: 'statement_timeout', value: '15min' }];

describeRule('require-lock-timeout', {
  bad: [
    { name: 'ADD COLUMN on an existing table', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN note text;'], lines: [1] },
    { name: 'once per file, at the first strong lock', base: ORGS_USERS, migrations: ['SELECT 1;\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE orgs ADD COLUMN b int;'], lines: [2] },
    { name: 'CREATE INDEX takes ShareLock (blocks writes)', base: ORGS_USERS, migrations: ['CREATE INDEX users_n ON users (n);'], lines: [1] },
    { name: 'lock_timeout reset to 0 before the statement', base: ORGS_USERS, migrations: ["SET lock_timeout = '2s';\nSET lock_timeout = 0;\nDROP INDEX users_code_idx;"], lines: [3] },
    // The runner's lock_timeout applies before each file, as a SET in its pre-script would; a
    // file that resets it still runs without one, and the session measured says so.
    { name: 'the runner sets lock_timeout, the file resets it', base: ORGS_USERS, sessionSettings: RUNNER, migrations: ['RESET lock_timeout;\nALTER TABLE users ADD COLUMN note text;'], lines: [2] },
    { name: 'the runner sets lock_timeout, the file sets it to 0', base: ORGS_USERS, sessionSettings: RUNNER, migrations: ["ALTER TABLE users ADD COLUMN a int;", "SET lock_timeout = 0;\nALTER TABLE orgs ADD COLUMN b int;"], lines: [2] },
    { name: 'CREATE OR REPLACE VIEW of an existing view', base: `${ORGS_USERS}\nCREATE VIEW user_emails AS SELECT id, email FROM users;`, migrations: ['CREATE OR REPLACE VIEW user_emails AS SELECT id, email, code FROM users;'], lines: [1] },
  ],
  good: [
    { name: 'a new view', base: ORGS_USERS, migrations: ['CREATE VIEW user_emails AS SELECT id, email FROM users;'], lines: [] },
    { name: 'the runner sets lock_timeout for its session (config migrations.sessionSettings)', base: ORGS_USERS, sessionSettings: RUNNER, migrations: ['ALTER TABLE users ADD COLUMN note text;', 'CREATE INDEX users_n ON users (n);'], lines: [] },
    { name: 'a file that lifts it for itself does not carry over: the runner sets it again before the next', base: ORGS_USERS, sessionSettings: RUNNER, migrations: ["SET lock_timeout = '10s';\nALTER TABLE users ADD COLUMN a int;", 'ALTER TABLE orgs ADD COLUMN b int;'], lines: [] },
    { name: 'SET lock_timeout first', base: ORGS_USERS, migrations: ["SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN note text;"], lines: [] },
    { name: 'SET LOCAL lock_timeout in the transaction', base: ORGS_USERS, migrations: ["BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE users ADD COLUMN note text;\nCOMMIT;"], lines: [] },
    { name: 'only tables created in this migration', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\nCREATE INDEX t_a ON t (a);'], lines: [] },
    { name: 'CREATE INDEX CONCURRENTLY takes no lock that blocks reads or writes', base: ORGS_USERS, migrations: ['CREATE INDEX CONCURRENTLY users_n ON users (n);'], lines: [] },
    { name: 'plain DML takes only RowExclusiveLock', base: ORGS_USERS, migrations: ['UPDATE users SET n = 0 WHERE id = 1;'], lines: [] },
  ],
});
