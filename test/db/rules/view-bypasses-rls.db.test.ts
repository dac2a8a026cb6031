import { describeRule } from '../../helpers/rule-cases.js';

const NOTES = `CREATE TABLE notes (id bigint PRIMARY KEY, owner_id bigint NOT NULL);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON notes USING (owner_id = 1);`;

describeRule('view-bypasses-rls', {
  bad: [
    { name: 'a view over an RLS table in the exposed schema', base: NOTES, exposedSchemas: ['public'], migrations: ['CREATE VIEW all_notes AS SELECT * FROM notes;'], lines: [1] },
    {
      name: 'RLS enabled on a table an existing view reads',
      base: 'CREATE TABLE notes (id bigint, owner_id bigint);\nCREATE VIEW all_notes AS SELECT * FROM notes;',
      exposedSchemas: ['public'],
      migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY own ON notes USING (owner_id = 1);'],
      lines: [1],
    },
  ],
  good: [
    { name: 'security_invoker', base: NOTES, exposedSchemas: ['public'], migrations: ['CREATE VIEW all_notes WITH (security_invoker = true) AS SELECT * FROM notes;'], lines: [] },
    { name: 'set afterwards with ALTER VIEW', base: NOTES, exposedSchemas: ['public'], migrations: ['CREATE VIEW v AS SELECT * FROM notes;\nALTER VIEW v SET (security_invoker = true);'], lines: [] },
    { name: 'a schema that is not exposed', base: NOTES, migrations: ['CREATE VIEW all_notes AS SELECT * FROM notes;'], lines: [] },
    { name: 'a view over a table without RLS', base: 'CREATE TABLE t (id int);', exposedSchemas: ['public'], migrations: ['CREATE VIEW v AS SELECT * FROM t;'], lines: [] },
  ],
});
