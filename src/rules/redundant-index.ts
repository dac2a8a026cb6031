import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const redundantIndex = defineRule({
  name: 'redundant-index',
  meta: {
    severity: 'info',
    section: 'indexing',
    summary: "A new plain index is a prefix of another btree index (or repeats a unique index's columns).",
    why: "Queries on its columns can use the wider index, so it mostly adds write cost and disk. Sometimes it is kept on purpose (a smaller index for a hot query), so it is advice.",
    safeAlternative: "Drop the narrower index unless a measured query needs it: DROP INDEX CONCURRENTLY name;",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'redundant-index'),
});
