import { defineRule } from './define-rule.js';
import { isDropJudgedElsewhere, judgeNotes } from './helpers/judge-notes.js';

export const dataDestroyed = defineRule({
  name: 'data-destroyed',
  meta: {
    severity: 'warning',
    section: 'backup',
    summary: "A TRUNCATE, DELETE or whole-table UPDATE destroys rows the table held before the migration.",
    why: "TRUNCATE, DELETE and UPDATE of whole tables remove data no down migration can bring back; the rows and bytes were measured in the sandbox before the migrations ran. Only a backup restores them.",
    safeAlternative: "Copy what it removes first (pg_dump --table=t --data-only, or CREATE TABLE t_backup AS ...), and name a restore point before the deploy: SELECT pg_create_restore_point('before-migration');",
  },
  needs: ['catalog'],
  // DROP TABLE and DROP COLUMN are judged by ban-drop-table and ban-drop-column, which carry the rows measured.
  check: (context) => judgeNotes(context, 'data-destroyed', (note) => (note.rows ?? 0) > 0 && !isDropJudgedElsewhere(context, note)),
});
