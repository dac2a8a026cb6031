import { defineRule } from './define-rule.js';

export const syntaxError = defineRule({
  name: 'syntax-error',
  meta: {
    severity: 'error',
    summary: 'The migration does not parse as PostgreSQL SQL.',
    why: 'Postgres would reject the file at deploy time, so nothing in it can be reviewed or applied.',
    safeAlternative: 'Fix the SQL at the reported line. If the file is a template (Go, Jinja, ERB), render it before review.',
  },
  needs: ['statements'],
  check: ({ files }) =>
    files.flatMap((file) =>
      file.parseError ? [{ file: file.path, line: file.parseError.line, message: file.parseError.message }] : [],
    ),
});
