import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const securityDefinerWithoutSearchPath = defineRule({
  name: 'security-definer-without-search-path',
  meta: {
    severity: 'error',
    section: 'security',
    summary: "A SECURITY DEFINER function does not pin search_path.",
    why: "The function runs with its owner's privileges but resolves unqualified names through the caller's search_path: a caller who can create objects in any schema on that path makes it call their function or operator as the owner, a privilege escalation (CVE-2007-2138, PostgreSQL docs 'Writing SECURITY DEFINER Functions Safely').",
    safeAlternative: "ALTER FUNCTION f(args) SET search_path = pg_catalog, pg_temp; and qualify every name in the body (or CREATE FUNCTION ... SET search_path = ...).",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'security-definer-without-search-path'),
});
