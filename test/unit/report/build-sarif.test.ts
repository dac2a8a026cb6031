import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import AjvFormats from 'ajv-formats';
import { buildSarif, RULE_DOCS_URL } from '../../../src/report/build-sarif.js';
import type { Review } from '../../../src/report/review.js';
import { rules } from '../../../src/rules/index.js';

const fixture = (name: string): Review => JSON.parse(readFileSync(new URL(`../../fixtures/reviews/${name}.json`, import.meta.url), 'utf8')) as Review;
// The SARIF 2.1.0 JSON schema as Microsoft's @microsoft/jest-sarif ships it (draft-04). Its
// language pattern is not a valid /u regular expression, hence unicodeRegExp: false.
const schemaPath = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
// CommonJS packages: their ESM default import is module.exports, which carries the class as `default`.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
AjvFormats.default(ajv);
const validate = ajv.compile(schema);

describe('SARIF 2.1.0 output', () => {
  const base = fixture('shop-0042');
  const review: Review = {
    ...base,
    findings: [
      ...base.findings,
      { rule: 'rls-enabled-without-policy', severity: 'error', file: 'db/migrations/0042_add_order_indexes.sql', line: 0, message: 'from the base history', fix: 'add a policy', section: 'security', origin: 'base', evidence: { kind: 'rls-enabled-without-policy', object: 'public.orders' } },
      { rule: 'edited-applied-migration', severity: 'error', file: 'db/migrations/0001.sql', line: 1, message: 'edited', fix: 'add a new migration' },
    ],
    acknowledged: [{ rule: 'redundant-index', severity: 'info', file: 'db/migrations/0042_add_order_indexes.sql', line: 3, message: 'prefix', fix: 'drop it', reason: 'hot query', by: 'alice' }],
  };
  const log = buildSarif(review);

  test('validates against the official SARIF 2.1.0 JSON schema', () => {
    const ok = validate(JSON.parse(JSON.stringify(log)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('the schema check can fail', () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  test('one result per finding, severity mapped to level, lines as regions', () => {
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(review.findings.length + 1);
    const byRule = (id: string) => run.results!.find((r) => r.ruleId === id)!;
    const rewrite = review.findings.find((f) => f.rule === 'table-rewrite-under-exclusive-lock')!;
    expect(byRule('table-rewrite-under-exclusive-lock')).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: rewrite.file }, region: { startLine: rewrite.line } } }],
    });
    // No line of the change caused a base-history finding: the file, no region.
    expect(byRule('rls-enabled-without-policy').locations![0]!.physicalLocation!.region).toBeUndefined();
    expect(byRule('rls-enabled-without-policy').properties).toMatchObject({ origin: 'base' });
    expect(byRule('redundant-index')).toMatchObject({ level: 'note', suppressions: [{ kind: 'external', justification: 'hot query (by @alice)' }] });
  });

  test('every rule has its metadata and doc link; ruleIndex points at it', () => {
    const driver = log.runs[0]!.tool.driver;
    for (const name of Object.keys(rules)) {
      expect(driver.rules).toContainEqual(expect.objectContaining({ id: name, helpUri: `${RULE_DOCS_URL}${name}.md` }));
    }
    expect(driver.rules).toContainEqual(expect.objectContaining({ id: 'edited-applied-migration' }));
    for (const result of log.runs[0]!.results!) expect(driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
    expect(driver.rules!.find((r) => r.id === 'fk-without-index')!.defaultConfiguration).toEqual({ level: 'warning' });
  });

  test('a review that could not run says so', () => {
    const failed = buildSarif({ ...base, verdict: 'error', error: { message: 'Postgres did not start' }, findings: [] });
    expect(failed.runs[0]!.invocations![0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ message: { text: 'Postgres did not start' } }] });
    expect(validate(JSON.parse(JSON.stringify(failed)))).toBe(true);
  });
});
