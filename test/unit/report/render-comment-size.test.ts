import { renderComment } from '../../../src/report/render-comment.js';
import type { InspectionNote, Review, ReviewStatement } from '../../../src/report/review.js';

/** A 200-statement migration with evidence in every section: the comment must still fit GitHub's limit. */
function bigReview(): Review {
  const statements: ReviewStatement[] = Array.from({ length: 200 }, (_, i) => ({
    index: i,
    line: i * 3 + 1,
    sql: `ALTER TABLE big_table_number_${i} ADD COLUMN some_rather_long_column_name_${i} text NOT NULL DEFAULT 'a fairly long default value ${i}'`,
    kind: 'AlterTableStmt',
    durationMs: 12.5,
    walBytes: 4096,
    rewrites: [`public.big_table_number_${i}`],
    locks: [{ relation: `public.big_table_number_${i}`, kind: 'table', mode: 'AccessExclusiveLock', blocks: ['reads', 'writes', 'ddl'], heldMs: 12.5 }],
    rows: null,
    inTransaction: true,
    lockTimeout: '0',
  }));
  const inspections: InspectionNote[] = statements.flatMap((s, i) =>
    (['indexing', 'security', 'backup'] as const).map((section) => ({
      kind: 'example',
      section,
      level: 'warning' as const,
      object: `public.big_table_number_${i}`,
      message: `A long inspection message about public.big_table_number_${i} that explains in detail what a DBA would want to know about it and why.`,
      sql: `CREATE INDEX CONCURRENTLY big_table_number_${i}_idx ON public.big_table_number_${i} (some_rather_long_column_name_${i});`,
      file: 'db/migrations/0001_big.sql',
      line: s.line,
    })),
  );
  return {
    version: 1,
    verdict: 'fail',
    postgres: { version: '16.14' },
    migrations: [{ file: 'db/migrations/0001_big.sql', status: 'applied', transactionMode: 'single-transaction', statements }],
    findings: statements.map((s) => ({
      rule: 'table-rewrite-under-exclusive-lock',
      severity: 'error' as const,
      file: 'db/migrations/0001_big.sql',
      line: s.line,
      message: `public.big_table_number_${s.index} was rewritten under AccessExclusiveLock.`,
      fix: 'Add the column without a volatile default.',
    })) as Review['findings'],
    notEvaluated: [],
    explain: [],
    notes: { title: 'public.big_table_number_0 and 199 more', objective: 'Alter 200 tables.', indexing: [], security: [], backup: [] },
    inspections,
    schemaDiff: statements.map((s) => ({ change: 'added' as const, kind: 'column' as const, name: `public.big_table_number_${s.index}.some_rather_long_column_name_${s.index}`, detail: "text NOT NULL DEFAULT 'a fairly long default value'" })),
    verificationQueries: statements.map((s) => ({ check: `column ${s.index} exists`, sql: `SELECT 1 FROM pg_catalog.pg_attribute WHERE attname = 'some_rather_long_column_name_${s.index}';`, expect: 'text, true' })),
    rollback: {
      source: 'generated',
      status: 'verified',
      files: ['generated-down.sql'],
      differences: [],
      inverse: statements.map((s) => ({ file: 'db/migrations/0001_big.sql', line: s.line, statement: s.sql, inverse: `ALTER TABLE public.big_table_number_${s.index} DROP COLUMN IF EXISTS some_rather_long_column_name_${s.index};` })),
    },
  };
}

describe('the comment of a 200-statement migration', () => {
  test('stays under 65,536 characters, keeps the verdict, and says evidence was left out', () => {
    const comment = renderComment(bigReview());
    expect(comment.length).toBeLessThan(65_536);
    expect(comment).toContain('**❌ Needs changes**: 200 blocking findings');
    expect(comment).toContain('### Questions or Flags');
    expect(comment).toMatch(/left out to fit GitHub's comment size limit|cut to fit GitHub's comment size limit/);
  });
});
