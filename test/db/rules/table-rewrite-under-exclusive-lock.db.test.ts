import { describeRule } from '../../helpers/rule-cases.js';

const USERS = 'CREATE TABLE users (id int PRIMARY KEY, n int, code varchar(20));\nINSERT INTO users SELECT g, g, g::text FROM generate_series(1, 5000) g;';

describeRule('table-rewrite-under-exclusive-lock', {
  bad: [
    { name: 'ADD COLUMN with a volatile default', base: USERS, migrations: ['ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();'], lines: [1] },
    { name: 'int to bigint', base: USERS, migrations: ['ALTER TABLE users ALTER COLUMN n TYPE bigint;'], lines: [1] },
    { name: 'rewrite after the lock was taken earlier in the transaction', base: USERS, migrations: ['ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ALTER COLUMN n TYPE bigint;'], lines: [2] },
    // VACUUM FULL refuses a transaction block, so its locks are polled from a second session:
    // the table is made large enough that the AccessExclusiveLock lasts longer than a poll.
    { name: 'VACUUM FULL', base: `${USERS}\nINSERT INTO users SELECT g, g, g::text FROM generate_series(5001, 100000) g;`, migrations: ['VACUUM FULL users;'], lines: [1] },
  ],
  good: [
    { name: 'ADD COLUMN with a constant default', base: USERS, migrations: ["ALTER TABLE users ADD COLUMN s text DEFAULT 'x';"], lines: [] },
    { name: 'varchar widening is binary-compatible', base: USERS, migrations: ['ALTER TABLE users ALTER COLUMN code TYPE varchar(50);'], lines: [] },
    { name: 'varchar to text', base: USERS, migrations: ['ALTER TABLE users ALTER COLUMN code TYPE text;'], lines: [] },
    { name: 'rewrite of a table created in the same migration', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;'], lines: [] },
    { name: 'TRUNCATE is about data loss, not this rule', base: USERS, migrations: ['TRUNCATE users;'], lines: [] },
  ],
});
