import type { FillOutcome } from '../estimate/fill-tables.js';
import type { SizeHints } from './apply-size-hints.js';
import type { InspectionNote } from './inspection.js';

/** What the planner was told about production's sizes, and what it could not be told. */
export function buildSizeHintNote(hints: SizeHints & { filled?: FillOutcome[] }): InspectionNote {
  const applied = hints.tables;
  const filled = new Map((hints.filled ?? []).map((f) => [f.table, f]));
  const used = applied.filter((a) => !a.skipped).map((a) => `${a.table} ${a.rows} rows${(filled.get(a.table)?.added ?? 0) > 0 ? ' (empty in the sandbox: planned over a few pages of synthetic rows, rolled back)' : ''}`);
  const skipped = applied
    .filter((a) => a.skipped)
    .map((a) => `${a.table} (${filled.get(a.table)?.unfillable ? `empty in the sandbox, and it could not be given synthetic rows: ${filled.get(a.table)!.unfillable}` : a.skipped})`);
  const failed = hints.columns?.failed ?? [];
  return {
    kind: 'table-size-hints',
    section: 'performance',
    object: 'planner statistics',
    message: [
      used.length > 0 ? `EXPLAIN planned with the configured table sizes: ${used.join(', ')}.` : '',
      hints.columns && hints.columns.restored > 0 ? `Production column statistics restored for ${hints.columns.restored} ${hints.columns.restored === 1 ? 'column' : 'columns'}.` : '',
      failed.length > 0 ? `Column statistics not restored: ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? `; and ${failed.length - 5} more` : ''}.` : '',
      hints.columnsUnsupported ? 'Column statistics were given but restoring them needs PostgreSQL 18 (pg_restore_attribute_stats); only row counts were applied.' : '',
      skipped.length > 0 ? `Size hints not applied: ${skipped.join(', ')}.` : '',
    ].filter(Boolean).join(' '),
  };
}
