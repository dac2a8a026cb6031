import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const viewBypassesRls = defineRule({
  name: 'view-bypasses-rls',
  meta: {
    severity: 'error',
    section: 'security',
    summary: "A view in an exposed schema reads tables with row-level security as its owner.",
    why: "A view runs its query with its owner's privileges unless it is created WITH (security_invoker = true) (PostgreSQL 15+): the tables' policies are then checked against the owner, who usually bypasses them, and every role allowed to select from the view sees the rows the policies hide (splinter 0010).",
    safeAlternative: "ALTER VIEW v SET (security_invoker = true); or CREATE VIEW v WITH (security_invoker = true) AS ...; and grant on the view only to the roles that need it.",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'view-bypasses-rls'),
});
