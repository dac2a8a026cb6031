import { readFileSync } from 'node:fs';
import { renderComment, COMMENT_LIMIT } from '../../../src/report/render-comment.js';
import type { Review } from '../../../src/report/review.js';

/** Reviews recorded from real runs of the engine (regenerate with `check --format json`). */
const fixture = (name: string): Review => JSON.parse(readFileSync(new URL(`../../fixtures/reviews/${name}.json`, import.meta.url), 'utf8')) as Review;

describe('renderComment', () => {
  test.each(['shop-0042', 'shop-0043-safe', 'broken-and-skipped', 'destructive'])('%s', (name) => {
    expect(renderComment(fixture(name))).toMatchSnapshot();
  });

  test('a review that could not run says why, first', () => {
    const review: Review = { ...fixture('shop-0042'), verdict: 'error', error: { message: 'starting embedded PostgreSQL 16 on port 5999: no <space> left' }, findings: [], notEvaluated: ['require-concurrent-index'] };
    const text = renderComment(review);
    expect(text.split('\n')[3]).toBe('**⚠️ Could not run**: starting embedded PostgreSQL 16 on port 5999: no \\<space\\> left');
    expect(text).toContain('Not evaluated because the sandbox could not run: `require-concurrent-index`.');
    const notRun: Review = { ...review, migrations: review.migrations.map((m) => ({ ...m, status: 'skipped', statements: [], sql: 'CREATE INDEX i ON t (a);' })) };
    const skipped = renderComment(notRun);
    expect(skipped).toContain('Not measured: no statement ran');
    expect(skipped).not.toContain('nothing running in production would wait');
    expect(skipped).toContain('CREATE INDEX i ON t (a);');
  });

  test('a huge review is cut to fit GitHub, keeping verdict and findings', () => {
    const base = fixture('shop-0042');
    const migration = base.migrations[0]!;
    const statements = Array.from({ length: 3000 }, (_, i) => ({ ...migration.statements[1]!, index: i, line: i + 1 }));
    const review: Review = { ...base, migrations: [{ ...migration, statements }] };
    const text = renderComment(review);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text).toContain('**❌ Needs changes**');
    expect(text).toContain('`table-rewrite-under-exclusive-lock`');
    expect(text).toContain("left out to fit GitHub's comment size limit");
  });

  test('SQL cannot break out of its code block', () => {
    const base = fixture('shop-0043-safe');
    const migration = base.migrations[0]!;
    const evil = { ...migration.statements[0]!, sql: "SELECT '```\n# injected heading\n```'" };
    const text = renderComment({ ...base, migrations: [{ ...migration, statements: [evil] }] });
    expect(text).toContain("````sql\nSELECT '```\n# injected heading\n```';\n````");
  });
});
