import { describeRule } from '../../helpers/rule-cases.js';

const NOTES = 'CREATE TABLE notes (id bigint PRIMARY KEY, owner_id bigint NOT NULL);';

describeRule('policy-without-rls', {
  bad: [{ name: 'a policy on a table without RLS', base: NOTES, migrations: ['CREATE POLICY p ON notes USING (owner_id = 1);'], lines: [1] }],
  good: [
    { name: 'the policy with RLS enabled', base: NOTES, migrations: ['CREATE POLICY p ON notes USING (owner_id = 1);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;'], lines: [] },
  ],
});
