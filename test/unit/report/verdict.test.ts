import { readFileSync } from 'node:fs';
import { applyAcknowledgements } from '../../../src/report/apply-acknowledgements.js';
import { buildCheckOutcome } from '../../../src/report/build-check-outcome.js';
import { decideVerdict } from '../../../src/report/decide-verdict.js';
import { renderComment } from '../../../src/report/render-comment.js';
import type { Review } from '../../../src/report/review.js';
import type { Finding } from '../../../src/rules/run-rules.js';

const fixture = (name: string): Review => JSON.parse(readFileSync(new URL(`../../fixtures/reviews/${name}.json`, import.meta.url), 'utf8')) as Review;
/** A review whose migrations all applied, with the given findings and failOn, verdict decided as the engine does. */
function reviewWith(findings: Finding[], failOn?: 'error' | 'warning'): Review {
  const base = fixture('shop-0043-safe');
  const review: Review = { ...base, findings, acknowledged: [], ...(failOn ? { failOn } : {}) };
  return { ...review, verdict: decideVerdict(review) };
}
const finding = (severity: Finding['severity'], rule = 'fk-without-index', line = 2): Finding => ({
  rule,
  severity,
  file: 'db/migrations/0043_add_order_status.sql',
  line,
  message: `a ${severity} about ${rule}`,
  fix: 'do it safely',
  section: 'indexing',
});
/** What a reviewer sees first: everything above the first DBA section. */
const firstScreen = (text: string) => text.slice(0, text.indexOf('### Objective'));

describe('the verdict and the first screen', () => {
  const cases: Array<[string, Finding[], 'error' | 'warning' | undefined]> = [
    ['no finding', [], undefined],
    ['an info', [finding('info')], undefined],
    ['a warning', [finding('warning')], undefined],
    ['two warnings', [finding('warning'), finding('warning', 'grant-to-public', 3)], undefined],
    ['a warning with failOn warning', [finding('warning')], 'warning'],
    ['an error', [finding('error', 'grant-write-to-public')], undefined],
    ['an error and a warning', [finding('error', 'grant-write-to-public'), finding('warning')], undefined],
  ];

  test.each(cases)('%s: "Safe to ship" only without errors and warnings; comment, check and verdict agree', (_name, findings, failOn) => {
    const review = reviewWith(findings, failOn);
    const open = findings.filter((f) => f.severity !== 'info');
    const screen = firstScreen(renderComment(review));
    const check = buildCheckOutcome(review);
    expect(screen.includes('Safe to ship')).toBe(open.length === 0);
    expect(check.summary.includes('Safe to ship')).toBe(open.length === 0);
    expect(check.title.includes('Safe to ship')).toBe(open.length === 0);
    const blocking = findings.some((f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning'));
    expect(review.verdict).toBe(blocking ? 'fail' : 'pass');
    expect(check.conclusion).toBe(blocking ? 'failure' : 'success');
    // Every finding is on the first screen, with its rule name.
    for (const f of findings) expect(screen).toContain(`\`${f.rule}\``);
  });

  test('warnings only: the verdict line counts the open decisions, the check stays green', () => {
    const review = reviewWith([finding('warning'), finding('warning', 'grant-to-public', 3), finding('info', 'redundant-index')]);
    const text = renderComment(review);
    expect(text).toContain('**⚠️ Needs a decision**: 2 decisions open');
    const check = buildCheckOutcome(review);
    expect(check.conclusion).toBe('success');
    expect(check.title).toBe('Needs a decision: 2 open decisions in 1 migration');
    // "Questions or Flags" lists every open warning, named.
    const questions = text.slice(text.indexOf('### Questions or Flags'));
    expect(questions).toContain('`fk-without-index`');
    expect(questions).toContain('`grant-to-public`');
    expect(questions).not.toContain('`redundant-index`');
  });

  test('a catalog finding is annotated on its line like any rule', () => {
    const review = reviewWith([finding('warning'), finding('error', 'grant-write-to-public', 3)]);
    expect(buildCheckOutcome(review).annotations).toEqual([
      expect.objectContaining({ path: 'db/migrations/0043_add_order_status.sql', startLine: 2, level: 'warning', title: 'fk-without-index' }),
      expect.objectContaining({ startLine: 3, level: 'failure', title: 'grant-write-to-public' }),
    ]);
  });

  test('failOn warning: a warning fails, and the line says why', () => {
    const review = reviewWith([finding('warning')], 'warning');
    expect(renderComment(review)).toContain('**❌ Needs changes**: 1 blocking finding (1 warning, as failOn is warning)');
    expect(buildCheckOutcome(review).conclusion).toBe('failure');
  });

  test('acknowledging the last warning makes it safe to ship; failOn survives the re-decision', () => {
    const review = reviewWith([finding('warning')], 'warning');
    const acknowledged = applyAcknowledgements(review, [{ rule: 'fk-without-index', reason: 'tiny table', by: 'alice' }]);
    expect(acknowledged.verdict).toBe('pass');
    expect(firstScreen(renderComment(acknowledged))).toContain('Safe to ship');
    const again = applyAcknowledgements({ ...review, findings: [...review.findings, finding('warning', 'grant-to-public', 3)] }, []);
    expect(again.verdict).toBe('fail');
  });

  test('a finding from the base history names its file, says so, and is not annotated on a line', () => {
    const review = reviewWith([{ ...finding('warning'), line: 0, origin: 'base' }]);
    expect(renderComment(review)).toContain('`db/migrations/0043_add_order_status.sql` (from the base history, no line of this change)');
    expect(buildCheckOutcome(review).annotations).toEqual([]);
  });

  test('a finding with a DBA section is named in that section, not repeated as an unnamed note', () => {
    const base = reviewWith([{ ...finding('warning'), evidence: { kind: 'fk-without-index', object: 'public.orders.orders_customer_fk' } }]);
    const review: Review = {
      ...base,
      inspections: [
        { kind: 'fk-without-index', section: 'indexing', object: 'public.orders.orders_customer_fk', message: 'UNNAMED NOTE TEXT' },
        { kind: 'new-index', section: 'indexing', object: 'public.orders_status_idx', message: 'New index context' },
      ],
    };
    const text = renderComment(review);
    const indexing = text.slice(text.indexOf('### Indexing Strategy'), text.indexOf('### Performance Considerations'));
    expect(indexing).toContain('⚠️ `fk-without-index` at `db/migrations/0043_add_order_status.sql:2`: see the finding above.');
    expect(indexing).toContain('New index context');
    expect(text).not.toContain('UNNAMED NOTE TEXT');
  });
});
