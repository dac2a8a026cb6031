import { noteTemplatedMigrations } from '../../../src/report/note-templated-migrations.js';
import { fakeReview } from '../../github/helpers/fake-review.js';

describe('noteTemplatedMigrations', () => {
  const syntaxError = (file: string) => ({ rule: 'syntax-error', severity: 'error' as const, file, line: 3, message: 'syntax error at or near "{"', fix: 'Fix the SQL.' });
  const review = { ...fakeReview({ base: [], migrations: [], queries: [], postgresMajor: 16, statementLimitMs: 1 }), findings: [syntaxError('a.sql'), syntaxError('b.sql')] };

  test.each([
    ['Go template', 'CREATE SCHEMA IF NOT EXISTS {{ index .Options "Namespace" }};'],
    ['Jinja', '{% if prod %}CREATE INDEX CONCURRENTLY i ON t (c);{% endif %}'],
    ['ERB', 'CREATE TABLE <%= table %> (id int);'],
  ])('%s: the parse error says how to render it', (_, line) => {
    const noted = noteTemplatedMigrations(review, [{ path: 'a.sql', content: `-- header\n\n${line}` }, { path: 'b.sql', content: 'CREATE TABLE (;' }]);
    expect(noted.findings[0]!.fix).toMatch(/^This file is a template \(placeholder on line 3\)/);
    expect(noted.findings[1]!.fix).toBe('Fix the SQL.');
  });
});
