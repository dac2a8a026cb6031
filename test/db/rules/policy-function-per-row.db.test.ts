import { describeRule } from '../../helpers/rule-cases.js';

const NOTES = 'CREATE TABLE notes (id bigint PRIMARY KEY, owner_id text NOT NULL);';

describeRule('policy-function-per-row', {
  bad: [
    {
      name: 'current_setting() called for every row',
      base: NOTES,
      migrations: ["ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON notes USING (owner_id = current_setting('app.user_id'));"],
      lines: [2],
    },
  ],
  good: [
    {
      name: 'wrapped in a scalar subquery: once per statement',
      base: NOTES,
      migrations: ["ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON notes USING (owner_id = (select current_setting('app.user_id')));"],
      lines: [],
    },
  ],
});
