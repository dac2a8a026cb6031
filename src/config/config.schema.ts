import { z } from 'zod';
import { DEFAULT_MAJOR, SUPPORTED_MAJORS } from '../sandbox/supported-versions.js';

/** `.github/pg-dba-review.yml`: every key has a default, so an empty file works. */
export const configSchema = z
  .object({
    /** Which files are migrations, as globs relative to the repository root. */
    migrations: z
      .object({
        /** Globs of migration files; matched files are applied in natural path order. */
        include: z.array(z.string().min(1)).min(1).default(['**/migrations/**/*.sql', '**/migrate/**/*.sql']),
        /** Globs to leave out (seeds, rollbacks kept beside the migrations...). */
        exclude: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    postgres: z
      .object({
        /** The Postgres major of production: plans, locks and syntax differ between majors. */
        version: z
          .number()
          .int()
          .refine((v) => (SUPPORTED_MAJORS as number[]).includes(v), { message: `must be one of ${SUPPORTED_MAJORS.join(', ')}` })
          .default(DEFAULT_MAJOR),
      })
      .strict()
      .prefault({}),
    /**
     * Queries the application runs, EXPLAINed before and after the migrations: inline SQL, or
     * the path (from the repository root) of a .sql file holding queries separated by semicolons.
     */
    queries: z.array(z.string().min(1)).default([]),
    /**
     * Production sizes per table ("orders" or "schema.orders"), e.g. `orders: { rows: 1000000 }`:
     * the sandbox's planner statistics are set to them before each EXPLAIN, so plans look like
     * production's. Tables must hold some rows in the sandbox (the planner scales by data pages).
     */
    tables: z.record(z.string().min(1), z.object({ rows: z.number().int().nonnegative() }).strict()).default({}),
    /**
     * Path (from the repository root) of a statistics file written by
     * `pg-dba-review stats export --format json`: row counts for every table in it, and on
     * PostgreSQL 18+ production's column statistics. Row counts in `tables:` win.
     */
    statsFile: z.string().min(1).optional(),
    /**
     * Schemas the application exposes to its users' roles (e.g. PostgREST's `db-schemas`, or
     * Supabase's `public`): a table created or changed there without row-level security is flagged.
     */
    exposedSchemas: z.array(z.string().min(1)).default([]),
    /** Longest a single statement may run in the sandbox before the review cancels it, in seconds. */
    statementTimeoutSeconds: z.number().positive().max(3600).default(120),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
