import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const dataDestroyed = defineRule({
  name: 'data-destroyed',
  meta: {
    severity: 'warning',
    section: 'backup',
    summary: "A statement destroys rows the table held before the migration.",
    why: "DROP TABLE, TRUNCATE, DROP COLUMN, DELETE and UPDATE of whole tables remove data no down migration can bring back; the rows and bytes were measured in the sandbox before the migrations ran. Only a backup restores them.",
    safeAlternative: "Copy what it removes first (pg_dump --table=t --data-only, or CREATE TABLE t_backup AS ...), and name a restore point before the deploy: SELECT pg_create_restore_point('before-migration');",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'data-destroyed', (note) => (note.rows ?? 0) > 0),
});
