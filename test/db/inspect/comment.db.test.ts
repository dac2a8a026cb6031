import { readFileSync } from 'node:fs';
import { renderComment } from '../../../src/report/render-comment.js';
import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const example = (file: string) => readFileSync(new URL(`../../../examples/shop/${file}`, import.meta.url), 'utf8');

/**
 * Timings, sizes, costs and the minor version vary between runs and machines, and so do the
 * order of equally strong locks (by duration) and which statement was slowest; the words must not.
 */
function normalize(comment: string): string {
  const lines = comment.split('\n');
  const rows = lines.map((line, i) => ({ line, i })).filter(({ line }) => line.startsWith('| `'));
  const sorted = rows.map((r) => r.line).sort();
  rows.forEach((r, k) => (lines[r.i] = sorted[k]!));
  return lines
    .join('\n')
    .replace(/Slowest statement: `[^`]+`/g, 'Slowest statement: `<where>`')
    .replace(/\b\d+(?:\.\d+)? (?:ms|s)\b/g, '<time>')
    .replace(/\b\d+(?:\.\d+)? (?:B|kB|MB|GB)\b/g, '<size>')
    .replace(/\b\d+ bytes\b/g, '<size>')
    .replace(/cost [\d.]+ → [\d.]+ \(×[\d.]+\)/g, 'cost <before> → <after> (×<ratio>)')
    .replace(/estimated rows \d+ → \d+/g, 'estimated rows <before> → <after>')
    .replace(/PostgreSQL (\d+)\.\d+/g, 'PostgreSQL $1.x');
}

describe('the rendered review comment', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('the bundled shop example: every DBA section, measured', async () => {
    const review = await reviewSql(sandbox(), {
      base: example('db/base.sql'),
      migrations: [example('db/migrations/0042_add_order_indexes.sql')],
      queries: [example('queries.sql').replace(/;\s*$/, '')],
    });
    const comment = renderComment(review);
    for (const section of ['Objective', 'Proposed Schema Changes', 'Locks & Timing', 'Indexing Strategy', 'Performance Considerations', 'Security & Access Control', 'Backup & HA Notes', 'Verification / Rollback', 'Questions or Flags']) {
      expect(comment).toContain(`### ${section}\n`);
    }
    expect(normalize(comment)).toMatchSnapshot();
  });

  test('a migration touching RLS, grants, functions and data: security, backup and rollback filled in', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${example('db/base.sql')}\nCREATE TABLE legacy_coupons (code text PRIMARY KEY);\nINSERT INTO legacy_coupons SELECT 'C' || g FROM generate_series(1, 300) g;`,
      migrations: [
        [
          'ALTER TABLE orders ENABLE ROW LEVEL SECURITY;',
          "CREATE POLICY orders_owner ON orders FOR SELECT USING (customer_id = current_setting('app.customer_id')::bigint);",
          'CREATE FUNCTION order_total(o bigint) RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT total_cents FROM public.orders WHERE id = o $$;',
          'GRANT SELECT ON customers TO PUBLIC;',
          'DROP TABLE legacy_coupons;',
        ].join('\n'),
      ],
    });
    expect(normalize(renderComment(review))).toMatchSnapshot();
  });

  test('a real 200-statement migration renders under GitHub\'s limit with every section and the verdict', async () => {
    const statements = Array.from({ length: 100 }, (_, i) => [
      `CREATE TABLE t${i} (id bigint PRIMARY KEY, parent_id bigint REFERENCES t${Math.max(0, i - 1)} (id), note text);`,
      `ALTER TABLE t${i} ADD COLUMN some_reasonably_long_column_name_${i} text NOT NULL DEFAULT 'x';`,
    ]).flat();
    const review = await reviewSql(sandbox(), { migrations: [statements.join('\n')] });
    expect(review.migrations[0]!.statements).toHaveLength(200);
    const comment = renderComment(review);
    expect(comment.length).toBeLessThan(65_536);
    // Every table's parent_id foreign key has no index: 100 open decisions, never "Safe to ship".
    expect(comment).toMatch(/^<!-- pg-dba-review:comment -->\n## PostgreSQL DBA Review: .*\n\n\*\*⚠️ Needs a decision\*\*: 100 decisions open/);
    for (const section of ['Indexing Strategy', 'Backup & HA Notes', 'Verification / Rollback', 'Questions or Flags']) expect(comment).toContain(`### ${section}\n`);
    expect(review.rollback).toMatchObject({ source: 'generated', status: 'verified' });
  });
});
