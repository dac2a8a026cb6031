import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const securityDefinerExecutableByPublic = defineRule({
  name: 'security-definer-executable-by-public',
  meta: {
    severity: 'warning',
    section: 'security',
    summary: "A SECURITY DEFINER function is executable by PUBLIC.",
    why: "New functions are executable by PUBLIC by default: every role can then call it with its owner's privileges. Right for functions built to be called by everyone, wrong for most others, so a human decides.",
    safeAlternative: "REVOKE EXECUTE ON FUNCTION f(args) FROM PUBLIC; GRANT EXECUTE ON FUNCTION f(args) TO app_user; (or ALTER DEFAULT PRIVILEGES ... REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC).",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'security-definer-executable-by-public'),
});
