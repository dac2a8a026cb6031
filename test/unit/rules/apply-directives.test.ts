import type { Finding } from '../../../src/rules/run-rules.js';
import { applyDirectives } from '../../../src/rules/run-rules.js';
import { parseDirectives } from '../../../src/sql/parse-directives.js';
import { splitStatements } from '../../../src/sql/split-statements.js';

const finding = (rule: string, line: number): Finding => ({ rule, line, file: 'm.sql', severity: 'error', message: '', fix: '' });

function apply(sql: string, findings: Finding[]) {
  const file = splitStatements({ path: 'm.sql', content: sql });
  const { kept, unused } = applyDirectives(findings, [file], { 'm.sql': parseDirectives(sql) });
  return { kept: kept.map((f) => `${f.rule}@${f.line}`), unused: unused.map((u) => u.line) };
}

describe('applyDirectives', () => {
  test.each([
    ['above a multi-line statement, finding on an inner line', '-- pg-dba-review: ignore ban-drop-column -- ok\nALTER TABLE t\n  DROP COLUMN a;', [finding('ban-drop-column', 3)], [], []],
    ['only the next statement, not the one after', '-- pg-dba-review: ignore ban-drop-column -- ok\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t DROP COLUMN b;', [finding('ban-drop-column', 2), finding('ban-drop-column', 3)], ['ban-drop-column@3'], []],
    ['another rule on the same statement stays', '-- pg-dba-review: ignore ban-drop-column -- ok\nALTER TABLE t DROP COLUMN a;', [finding('ban-drop-column', 2), finding('require-lock-timeout', 2)], ['require-lock-timeout@2'], []],
    ['two rules in one directive', '-- pg-dba-review: ignore ban-drop-column, require-lock-timeout -- ok\nALTER TABLE t DROP COLUMN a;', [finding('ban-drop-column', 2), finding('require-lock-timeout', 2)], [], []],
    ['two rules, one unused', '-- pg-dba-review: ignore ban-drop-column, ban-drop-table -- ok\nALTER TABLE t DROP COLUMN a;', [finding('ban-drop-column', 2)], [], [1]],
    ['trailing on the statement line', 'ALTER TABLE t DROP COLUMN a; -- pg-dba-review: ignore ban-drop-column -- ok\nALTER TABLE t DROP COLUMN b;', [finding('ban-drop-column', 1), finding('ban-drop-column', 2)], ['ban-drop-column@2'], []],
    ['ignore-file without rules silences everything', 'SELECT 1;\n-- pg-dba-review: ignore-file -- generated\nALTER TABLE t DROP COLUMN a;', [finding('ban-drop-column', 3), finding('require-lock-timeout', 3)], [], []],
    ['no reason: applies to nothing and is reported', '-- pg-dba-review: ignore ban-drop-column\nALTER TABLE t DROP COLUMN a;', [finding('ban-drop-column', 2)], ['ban-drop-column@2'], [1]],
  ])('%s', (_name, sql, findings, kept, unused) => {
    expect(apply(sql, findings)).toEqual({ kept, unused });
  });
});
