import { defineRule } from './define-rule.js';
import { listTracedStatements } from './helpers/walk-statements.js';

export const enumValueUsedInSameTransaction = defineRule({
  name: 'enum-value-used-in-same-transaction',
  meta: {
    severity: 'error',
    summary: 'A value added with ALTER TYPE ... ADD VALUE is used before the transaction commits.',
    why: 'Postgres refuses to use a new enum value until the transaction that added it has committed ("unsafe use of new value", SQLSTATE 55P04): the migration fails at deploy, in the statement that uses it.',
    safeAlternative:
      "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';  -- in one migration (or COMMIT right after it)\n-- next migration:\nUPDATE ... SET mood = 'happy' ...;",
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      if (at.traced.error?.code !== '55P04') return [];
      return [{ file: at.file, line: at.traced.error.line, message: `Postgres ${context.pgMajor} refused it: ${at.traced.error.message}` }];
    }),
});
