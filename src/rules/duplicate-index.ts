import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const duplicateIndex = defineRule({
  name: 'duplicate-index',
  meta: {
    severity: 'warning',
    section: 'indexing',
    summary: 'A new index has the same definition as another index on the table.',
    why: 'Both are maintained on every INSERT and on every UPDATE of their columns, both take disk, WAL and cache, and the planner uses only one of them.',
    safeAlternative: 'Drop the new one (or the old one): DROP INDEX CONCURRENTLY name;',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'duplicate-index'),
});
