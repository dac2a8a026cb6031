import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const policyCommandsNotCovered = defineRule({
  name: 'policy-commands-not-covered',
  meta: {
    severity: 'warning',
    section: 'security',
    summary: 'No permissive policy covers some of SELECT, INSERT, UPDATE and DELETE.',
    why: 'Under RLS a command no permissive policy allows is denied to every role the policies apply to: often intended (read-only tables), sometimes a forgotten policy that breaks writes in production.',
    safeAlternative: 'Add the missing policy (CREATE POLICY ... FOR INSERT WITH CHECK (...)), or acknowledge that the commands are meant to be denied.',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'policy-commands-not-covered'),
});
