import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('fk-without-index', {
  bad: [
    { name: 'a new table whose foreign key has no index', base: ORGS_USERS, migrations: ['CREATE TABLE teams (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));'], lines: [1] },
    { name: 'a foreign key added to an existing table', base: ORGS_USERS, migrations: ['SELECT 1;\nALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;'], lines: [2] },
    {
      name: 'an unindexed key from the base history on a table the change alters: said so, no line',
      base: `${ORGS_USERS}\nALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);`,
      migrations: ['ALTER TABLE users ADD COLUMN nick text;'],
      lines: [0],
    },
  ],
  good: [
    { name: 'the key with its index', base: ORGS_USERS, migrations: ['CREATE TABLE teams (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));\nCREATE INDEX teams_org_idx ON teams (org_id);'], lines: [] },
    { name: 'a composite index that starts with the key', base: ORGS_USERS, migrations: ['CREATE TABLE teams (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id), name text);\nCREATE INDEX teams_org_name_idx ON teams (org_id, name);'], lines: [] },
    { name: 'excluded for the file by the config', base: ORGS_USERS, migrations: ['CREATE TABLE teams (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));'], rules: { 'fk-without-index': { exclude: ['migrations/0001.sql'] } }, lines: [] },
  ],
});
