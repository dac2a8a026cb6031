import { z } from 'zod';
import type { TableStatsHint } from '../review/ports.js';
import { UsageError } from '../shared/errors.js';
import type { ProductionQuery } from '../inspect/list-top-queries.js';

const number = z.number().nullable().optional();

/** The file `pg-dba-review stats export --format json` writes: production's planner statistics. */
export const statsFileSchema = z
  .object({
    version: z.literal(1),
    tables: z.array(
      z.object({
        /** "schema.table". */
        table: z.string().min(1),
        /** pg_class.reltuples. */
        rows: z.number().nonnegative(),
        /** pg_stats rows of the table (restored on PostgreSQL 18+). */
        columns: z
          .array(
            z.object({
              column: z.string().min(1),
              nullFrac: number,
              avgWidth: number,
              nDistinct: number,
              mostCommonVals: z.string().nullable().optional(),
              mostCommonFreqs: z.array(z.number()).nullable().optional(),
              histogramBounds: z.string().nullable().optional(),
              correlation: number,
            }),
          )
          .optional(),
      }),
    ),
    /** Production's top queries by total time (pg_stat_statements, normalised), EXPLAINed like `queries:`. */
    queries: z
      .array(
        z.object({
          query: z.string().min(1),
          calls: z.number().nonnegative(),
          callsPerDay: z.number().nonnegative(),
          meanMs: z.number().nonnegative(),
          totalMs: z.number().nonnegative().optional(),
        }),
      )
      .optional(),
  })
  .passthrough();

export interface StatsFileContents {
  tables: TableStatsHint[];
  queries: ProductionQuery[];
}

/** JSON text → table hints, or a UsageError that names the file and the problem. */
export function parseStatsFile(text: string, source: string): TableStatsHint[] {
  return parseStatsFileContents(text, source).tables;
}

/** JSON text → table hints and production's top queries, or a UsageError that names the file and the problem. */
export function parseStatsFileContents(text: string, source: string): StatsFileContents {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON (write it with \`pg-dba-review stats export --format json\`): ${(error as Error).message}`);
  }
  const result = statsFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new UsageError(`${source} is not a statistics file: ${problems.slice(0, 5).join('; ')}`);
  }
  return {
    tables: result.data.tables.map((t) => ({
      table: t.table,
      rows: Math.round(t.rows),
      ...(t.columns ? { columns: t.columns } : {}),
    })),
    queries: (result.data.queries ?? []).map((q) => ({ query: q.query, calls: q.calls, callsPerDay: q.callsPerDay, meanMs: q.meanMs, totalMs: q.totalMs ?? q.calls * q.meanMs })),
  };
}
