import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const policyWithoutRls = defineRule({
  name: 'policy-without-rls',
  meta: {
    severity: 'warning',
    section: 'security',
    summary: 'A table has policies but row-level security is disabled.',
    why: 'Policies do nothing until RLS is enabled on the table: whoever wrote them believes rows are filtered, and every role with a grant sees all of them.',
    safeAlternative: 'ALTER TABLE t ENABLE ROW LEVEL SECURITY;',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'policy-without-rls'),
});
