import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const rlsDisabledInExposedSchema = defineRule({
  name: 'rls-disabled-in-exposed-schema',
  meta: {
    severity: 'error',
    section: 'security',
    summary: "A table in an exposed schema has no row-level security.",
    why: "Schemas listed in exposedSchemas are reachable by the application's end-user roles (PostgREST, Supabase's anon and authenticated roles): without RLS, every role with a grant on the table reads and changes every row of it.",
    safeAlternative: "ALTER TABLE t ENABLE ROW LEVEL SECURITY; and policies for what each role may see, or move the table to a schema that is not exposed.",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'rls-disabled-in-exposed-schema'),
});
