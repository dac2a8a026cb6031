import { describeRule } from '../../helpers/rule-cases.js';

const NOTES = 'CREATE TABLE notes (id bigint PRIMARY KEY, owner_id bigint NOT NULL);';

describeRule('policy-commands-not-covered', {
  bad: [
    { name: 'a SELECT-only policy leaves writes denied', base: NOTES, migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY r ON notes FOR SELECT USING (true);'], lines: [2] },
  ],
  good: [
    { name: 'a FOR ALL policy', base: NOTES, migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY a ON notes USING (owner_id = 1);'], lines: [] },
    {
      name: 'one policy per command',
      base: NOTES,
      migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY s ON notes FOR SELECT USING (true);\nCREATE POLICY i ON notes FOR INSERT WITH CHECK (true);\nCREATE POLICY u ON notes FOR UPDATE USING (true);\nCREATE POLICY d ON notes FOR DELETE USING (true);'],
      lines: [],
    },
  ],
});
