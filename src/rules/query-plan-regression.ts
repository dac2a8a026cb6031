import { locateRelation, locateStatement } from '../inspect/locate-relation.js';
import { defineRule } from './define-rule.js';

export const queryPlanRegression = defineRule({
  name: 'query-plan-regression',
  meta: {
    severity: 'warning',
    section: 'performance',
    summary: 'A configured query plans worse after the migrations.',
    why: 'The query became clearly more expensive (estimated cost up by more than 20%) or started reading a table by sequential scan: usually a dropped or replaced index, or a changed column type the index no longer serves. On production sizes that is slower responses and more I/O for every call of that query. Planner estimates on sandbox sizes can mislead, so a human decides.',
    safeAlternative: 'Keep (or add) the index the query used, in a concurrent build before the change that removes the old one; check the plan with production sizes (tables: / --rows / statsFile:).',
  },
  needs: ['catalog'],
  check: (context) => {
    const catalog = context.catalog;
    if (!catalog) return [];
    return catalog.explain.flatMap((comparison, i) => {
      // Production's top queries (stats file) are production-query-regression's: one finding per plan.
      if (!comparison.regression || !comparison.before || !comparison.after || comparison.production) return [];
      const newScans = comparison.after.seqScans.filter((t) => !comparison.before!.seqScans.includes(t));
      // The likely cause: a statement that dropped an index the plan used, else the last one on a newly scanned table.
      const lost = (comparison.before.indexes ?? []).filter((i) => !(comparison.after!.indexes ?? []).includes(i));
      const where =
        locateStatement(context.migrations, (s) => ['DropStmt', 'RenameStmt', 'AlterTableStmt'].includes(s.kind) && lost.some((i) => JSON.stringify(s.node).includes(JSON.stringify(i)))) ??
        newScans.map((t) => locateRelation(context.migrations, t.includes('.') ? t : `public.${t}`)).find((w) => w !== undefined);
      const query = comparison.query.replace(/\s+/g, ' ').trim();
      return [
        {
          file: where?.file ?? context.files[0]?.path ?? '',
          line: where?.line ?? 0,
          message: `Configured query ${i + 1} (${query.length > 80 ? `${query.slice(0, 79)}…` : query}) costs ${comparison.before.totalCost} → ${comparison.after.totalCost}${comparison.costRatio !== undefined ? ` (×${comparison.costRatio})` : ''}${newScans.length > 0 ? ` and now reads ${newScans.join(', ')} by sequential scan` : ''}; plan ${comparison.before.nodes.join(' › ')} → ${comparison.after.nodes.join(' › ')}.`,
          evidence: { kind: 'query-plan', object: comparison.query },
        },
      ];
    });
  },
});
