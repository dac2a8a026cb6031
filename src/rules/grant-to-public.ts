import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const grantToPublic = defineRule({
  name: 'grant-to-public',
  meta: {
    severity: 'warning',
    section: 'security',
    summary: 'A privilege on a table, view or sequence is granted to PUBLIC.',
    why: 'PUBLIC is every role in the cluster, present and future: a read grant to it exposes the data to roles that were never meant to see it. Sometimes intended (lookup tables), so a human decides.',
    safeAlternative: 'Grant to the roles that need it: REVOKE SELECT ON t FROM PUBLIC; GRANT SELECT ON t TO app_reader;',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'grant-to-public'),
});
