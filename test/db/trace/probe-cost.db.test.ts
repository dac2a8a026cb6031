import type { Branch } from '../../../src/review/ports.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { traceMigrations } from '../../../src/trace/trace-migrations.js';
import { observingBranch } from '../../helpers/observe-queries.js';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../../helpers/review-sql.js';

/**
 * Issue 13: what each per-statement probe reads must not grow with the statements before it.
 * Counted, not timed: the relations and table counters each probe returns, per statement.
 */
interface ProbeRead {
  relations: number;
  counters: number;
}

/** The branch, with every probe's answer of its sessions recorded. */
function recordingProbes(branch: Branch): { branch: Branch; probes: ProbeRead[] } {
  const probes: ProbeRead[] = [];
  const observed = observingBranch(branch, (text, result) => {
    const row = result.rows?.[0] as { relations?: unknown[]; reads?: unknown[] } | undefined;
    if (typeof text === 'string' && text.includes('WITH held AS') && row?.relations && row.reads) probes.push({ relations: row.relations.length, counters: row.reads.length });
  });
  return { probes, branch: observed };
}

const tables = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `CREATE TABLE w${from + i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint REFERENCES t (id), name text);`).join('\n');

describe('the per-statement probe of a long migration (PostgreSQL 16)', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('reads as many relations and table counters for the 120th statement as for the 10th, across files', async () => {
    const base = await sandbox().prepareBase([splitStatements({ path: 'base.sql', content: 'CREATE TABLE t (id bigint PRIMARY KEY);' })]);
    const branch = await sandbox().openBranch(base);
    try {
      const recorded = recordingProbes(branch);
      // Two files of 60: each new table's foreign key scans it once (its counters are nonzero),
      // which is what made every later probe read the counters of every table created before.
      const files = [splitStatements({ path: 'a.sql', content: tables(0, 60) }), splitStatements({ path: 'b.sql', content: tables(60, 60) })];
      const traced = await traceMigrations(recorded.branch, files, { statementLimitMs: 60_000 });
      expect(traced.map((m) => m.status)).toEqual(['applied', 'applied']);
      const probes = recorded.probes;
      expect(probes.length).toBeGreaterThanOrEqual(120);
      const early = probes.slice(5, 15);
      const late = probes.slice(-15, -5);
      const most = (reads: ProbeRead[], key: keyof ProbeRead) => Math.max(...reads.map((r) => r[key]));
      // Before: ~2 more counted tables per statement (~230 by the end) and the same growth in relations re-read at each BEGIN.
      expect(most(late, 'counters')).toBeLessThanOrEqual(most(early, 'counters') + 2);
      expect(most(late, 'relations')).toBeLessThanOrEqual(Math.max(most(early, 'relations'), 4));
      // Until a transaction has created 32 relations their locks (and so their counters) are read: a bound, not a growth.
      expect(most(probes, 'counters')).toBeLessThan(40);
    } finally {
      await branch.drop();
    }
  });

  test('the indexes a SET SCHEMA moves without locking them are seen in their new schema by later files', async () => {
    const review = await reviewSql(sandbox(), {
      base: 'CREATE SCHEMA archive;\nCREATE TABLE t (id int PRIMARY KEY, v int);\nCREATE INDEX t_v ON t (v);',
      migrations: ['ALTER TABLE t SET SCHEMA archive;', 'DROP INDEX archive.t_v;'],
    });
    const drop = statementsOf(review).find((s) => s.sql.startsWith('DROP INDEX'))!;
    expect(drop.locks.map((l) => l.relation)).toEqual(expect.arrayContaining(['archive.t_v', 'archive.t']));
    expect(drop.locks.map((l) => l.relation)).not.toContain('public.t_v');
  });
});
