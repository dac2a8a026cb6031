import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const rlsEnabledWithoutPolicy = defineRule({
  name: 'rls-enabled-without-policy',
  meta: {
    severity: 'error',
    section: 'security',
    summary: "Row-level security is enabled on a table that has no policy.",
    why: "With RLS on and no policy, Postgres denies every row to every role except the table's owner and BYPASSRLS roles: the application's role reads nothing and writes nothing, which is an outage the moment the migration commits, not a degraded mode.",
    safeAlternative: "Create the policies in the same migration, before or together with ENABLE ROW LEVEL SECURITY:\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY t_owner ON t USING (owner_id = (select auth.uid()));",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'rls-enabled-without-policy'),
});
