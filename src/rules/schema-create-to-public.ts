import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const schemaCreateToPublic = defineRule({
  name: 'schema-create-to-public',
  meta: {
    severity: 'error',
    section: 'security',
    summary: 'CREATE on a schema is granted to PUBLIC.',
    why: 'Any role can then create functions, operators and tables in the schema that shadow the ones the application means, and code running with more privilege picks them up through search_path: the attack PostgreSQL 15 closed by revoking CREATE on public from PUBLIC.',
    safeAlternative: 'REVOKE CREATE ON SCHEMA s FROM PUBLIC; GRANT CREATE ON SCHEMA s TO the migration role only.',
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'schema-create-to-public'),
});
