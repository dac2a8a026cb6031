import { defineRule } from './define-rule.js';

export const productionQueryRegression = defineRule({
  name: 'production-query-regression',
  meta: {
    severity: 'warning',
    section: 'performance',
    summary: "The plan of one of production's top queries got worse after the migration.",
    why: "The query is among production's most expensive by total time (pg_stat_statements, from the stats file): after the migration its plan costs clearly more, or reads a table by a sequential scan it did not scan before. At its calls per day, a slower plan is load the whole database carries, not one slow page.",
    safeAlternative:
      'Keep an index that serves the query (or add the one the new plan lacks, CONCURRENTLY) before dropping or changing the old one; check the plan with `/pg-review explain <query>` on the migrated database.',
  },
  needs: ['catalog'],
  check: (context) => {
    const first = context.migrations.find((m) => m.statements.length > 0) ?? context.migrations[0];
    if (!first) return [];
    const line = first.statements[0]?.statement.line ?? 1;
    const catalog = context.catalog;
    if (!catalog) return [];
    return catalog.explain.flatMap((e) => {
      if (!e.regression || !e.production) return [];
      const { callsPerDay, meanMs } = e.production;
      const cost = e.costRatio !== undefined ? `its estimated cost ×${e.costRatio}` : 'its plan changed for the worse';
      return [{
        file: first.file.path,
        line,
        message: `Production's query \`${shorten(e.query)}\` (${callsPerDay.toLocaleString('en-US')} calls a day, ${meanMs} ms on average) regresses after this change: ${cost}.`,
        evidence: { kind: 'query-plan', object: e.query },
      }];
    });
  },
});

function shorten(sql: string, max = 100): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
