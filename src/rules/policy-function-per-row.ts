import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const policyFunctionPerRow = defineRule({
  name: 'policy-function-per-row',
  meta: {
    severity: 'warning',
    section: 'security',
    summary: "A policy calls a per-statement function for every row.",
    why: "auth.uid(), current_setting() and the like return the same value for the whole statement, but unwrapped in a policy they are evaluated once per row the query reads: on a large table that multiplies the query's CPU time by the rows scanned (splinter 0003).",
    safeAlternative: "Wrap the call in a scalar subquery, which the planner evaluates once (an InitPlan): USING (user_id = (select auth.uid())).",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'policy-function-per-row'),
});
