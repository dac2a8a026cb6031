import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const baseStatementSkipped = defineRule({
  name: 'base-statement-skipped',
  meta: {
    severity: 'info',
    section: 'questions',
    summary: 'A base history statement that needs a superuser was skipped, as the config asks.',
    why: 'Under `migrations.baseSuperuserStatements: skip` a base statement that Postgres refused for lack of privilege (SQLSTATE 42501) was not run: the review starts from a base without its effect (a trigger left enabled, an index flag left as it was), so what the new migrations are measured against differs from production there.',
    safeAlternative: 'Check that the skipped statement does not change what the new migrations touch; where it does, review them against a copy that has its effect (the server or neon provider with a production-like parent).',
  },
  needs: ['catalog'],
  check: (context) =>
    judgeNotes(context, 'base-statement-skipped').map((hit) => ({ ...hit, origin: 'base' as const })),
});
