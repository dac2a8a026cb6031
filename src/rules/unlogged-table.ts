import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const unloggedTable = defineRule({
  name: 'unlogged-table',
  meta: {
    severity: 'warning',
    section: 'backup',
    summary: 'A table is created or made UNLOGGED.',
    why: 'UNLOGGED tables write no WAL: they are empty on every streaming replica (and after a failover), missing from physical backups and PITR, and truncated after a crash. ALTER TABLE ... SET UNLOGGED/LOGGED also rewrites the table under AccessExclusiveLock.',
    safeAlternative: 'Keep tables LOGGED unless the data can be rebuilt from elsewhere; say so with an ignore directive when it can.',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'unlogged-table'),
});
