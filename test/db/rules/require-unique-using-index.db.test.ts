import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('require-unique-using-index', {
  bad: [
    { name: 'ADD CONSTRAINT UNIQUE', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);'], lines: [1] },
    { name: 'ADD PRIMARY KEY', base: 'CREATE TABLE logs (id bigint NOT NULL, msg text);\nINSERT INTO logs SELECT g, g::text FROM generate_series(1, 1000) g;', migrations: ['ALTER TABLE logs ADD PRIMARY KEY (id);'], lines: [1] },
    { name: 'EXCLUDE constraint (cannot use a prebuilt index)', base: ORGS_USERS, migrations: ["ALTER TABLE users ADD CONSTRAINT users_no_overlap EXCLUDE USING gist (int8range(id, id, '[]') WITH &&);"], lines: [1] },
    { name: 'UNIQUE inline on ADD COLUMN', base: ORGS_USERS, migrations: ['ALTER TABLE users ADD COLUMN handle text UNIQUE;'], lines: [1] },
  ],
  good: [
    { name: 'index built concurrently, then USING INDEX', base: ORGS_USERS, migrations: ['CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);', 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;'], lines: [] },
    { name: 'UNIQUE on a new table', migrations: ['CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);'], lines: [] },
  ],
});
