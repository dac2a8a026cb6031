import type pg from 'pg';
import type { AppliedTableStats, Branch, TableStatsHint } from '../review/ports.js';
import { restoreColumnStats, type RestoredColumnStats } from './restore-column-stats.js';

export interface SizeHints {
  tables: AppliedTableStats[];
  columns?: RestoredColumnStats;
  /** Column statistics were given but this Postgres cannot restore them (before 18). */
  columnsUnsupported?: boolean;
}

/**
 * Production sizes for the planner, when configured and the provider supports them: row
 * counts through the privileged catalog-only branch method, column statistics (PostgreSQL
 * 18+) in the unprivileged owner's session `client`. Applied before each EXPLAIN: a rewrite resets them.
 */
export async function applySizeHints(branch: Branch, client: pg.Client, hints: TableStatsHint[], major: number): Promise<SizeHints> {
  if (hints.length === 0 || !branch.applyTableStats) return { tables: [] };
  const tables = await branch.applyTableStats(hints);
  if (!hints.some((h) => (h.columns?.length ?? 0) > 0)) return { tables };
  if (major < 18) return { tables, columnsUnsupported: true };
  return { tables, columns: await restoreColumnStats(client, hints) };
}
