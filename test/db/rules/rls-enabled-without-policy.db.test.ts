import { describeRule } from '../../helpers/rule-cases.js';

const NOTES = `CREATE TABLE notes (id bigint PRIMARY KEY, owner_id bigint NOT NULL, body text);
INSERT INTO notes SELECT g, g % 10, 'n' FROM generate_series(1, 100) g;`;

describeRule('rls-enabled-without-policy', {
  bad: [
    { name: 'RLS enabled on an existing table, no policy', base: NOTES, migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;'], lines: [1] },
    { name: 'a new table with RLS and no policy', migrations: ['CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;'], lines: [2] },
    {
      name: 'RLS enabled by the base history: said so, on no line of the change',
      base: `${NOTES}\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;`,
      migrations: ['SELECT 1;\nALTER TABLE notes ADD COLUMN tag text;'],
      lines: [0],
    },
  ],
  good: [
    { name: 'RLS enabled with a policy in the same migration', base: NOTES, migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON notes USING (owner_id = 1);'], lines: [] },
    { name: 'a table without RLS', base: NOTES, migrations: ['ALTER TABLE notes ADD COLUMN tag text;'], lines: [] },
    { name: 'turned off in the config', base: NOTES, migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;'], rules: { 'rls-enabled-without-policy': { severity: 'off', exclude: [] } }, lines: [] },
    {
      name: 'ignored by a directive with a reason',
      base: NOTES,
      migrations: ['-- pg-dba-review: ignore rls-enabled-without-policy -- policies come in 0002 of the same deploy\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;'],
      lines: [],
    },
  ],
});
