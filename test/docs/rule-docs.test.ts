import { readdirSync, readFileSync } from 'node:fs';
import { rules } from '../../src/rules/index.js';

const DOCS = new URL('../../docs/rules/', import.meta.url);
const RULES = new URL('../../src/rules/', import.meta.url);
const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'TEMPLATE.md').map((f) => f.replace(/\.md$/, ''));
const ruleFiles = readdirSync(RULES)
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'define-rule.ts', 'run-rules.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''));

describe('rule docs', () => {
  test.each(Object.entries(rules))('%s has a doc page and lives in a file of its name', (name, rule) => {
    expect(rule.name).toBe(name);
    expect(ruleFiles).toContain(name);
    expect(pages).toContain(name);
  });

  test('every doc page and rule file belongs to a registered rule', () => {
    expect(pages.filter((page) => !(page in rules))).toEqual([]);
    expect(ruleFiles.filter((file) => !(file in rules))).toEqual([]);
  });

  test.each(pages)('%s.md states severity, shows bad and good SQL', (page) => {
    const text = readFileSync(new URL(`${page}.md`, DOCS), 'utf8');
    expect(text).toMatch(new RegExp(`^# ${page}\\n`));
    const severity = rules[page as keyof typeof rules]?.meta.severity;
    expect(text).toContain(`**Severity:** ${severity}`);
    expect(text).toContain('## Bad');
    expect(text).toContain('## Good');
  });
});
