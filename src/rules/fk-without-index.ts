import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const fkWithoutIndex = defineRule({
  name: 'fk-without-index',
  meta: {
    severity: 'warning',
    section: 'indexing',
    summary: 'A foreign key has no index that starts with its columns.',
    why: 'Every DELETE or key UPDATE on the referenced table looks up the referencing rows: without an index that is a sequential scan of the referencing table per row changed, holding locks meanwhile, and joins on the key cannot use an index. Harmless on a small or write-once table, so a warning.',
    safeAlternative: 'CREATE INDEX CONCURRENTLY t_fk_col_idx ON t (fk_col); in its own migration (outside a transaction).',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'fk-without-index'),
});
