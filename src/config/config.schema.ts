import { z } from 'zod';
import { PRESET_NAMES } from '../migrations/presets/preset-names.js';
import { DEFAULT_MAJOR, SUPPORTED_MAJORS } from '../sandbox/supported-versions.js';
import { GUC_NAME } from '../shared/session-settings.js';

/** The default `migrations.include`; with a `preset`, the preset's own locations replace it. */
export const DEFAULT_MIGRATION_GLOBS = ['**/migrations/**/*.sql', '**/migrate/**/*.sql'];

/** Repository permission levels, weakest first, as GitHub's collaborator permission API names them. */
export const PERMISSION_LEVELS = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
const permission = z.enum(PERMISSION_LEVELS);
/** A regular expression given as a string; checked to compile. */
const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);

/** How one rule is applied: `rules: { <rule-name>: { severity, exclude } }`. */
export const ruleSettingsSchema = z
  .object({
    /** Replaces the rule's default severity; `off` stops the rule from running. `error` fails the check (`warning` too with `failOn: warning`). */
    severity: z.enum(['error', 'warning', 'info', 'off']).optional(),
    /** Globs of migration files (repository paths) this rule does not judge. */
    exclude: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** Naming conventions judged by the `naming-convention` rule: one regular expression per kind of name. */
export const namingSchema = z
  .object({
    /** Table, view and materialized view names. */
    table: pattern.default('^[a-z][a-z0-9_]*$'),
    /** Column names. */
    column: pattern.default('^[a-z][a-z0-9_]*$'),
    /** Index names (CREATE INDEX ... name). */
    index: pattern.default('^[a-z][a-z0-9_]*$'),
    /** Named constraints (CONSTRAINT name ...). */
    constraint: pattern.default('^[a-z][a-z0-9_]*$'),
  })
  .strict();

/**
 * Lock times on production: how long a statement may block a pre-existing table before it is
 * an error, and how much the review may spend measuring it on synthetic rows.
 */
export const productionSchema = z
  .object({
    /**
     * Longest a statement may block a production table, in seconds, judged on its estimated time
     * at production's size: within budget a blocking finding is info with its estimate, over it an error.
     */
    lockBudget: z
      .object({
        /** Blocking reads (AccessExclusiveLock: SELECT waits too), in seconds. */
        readsSeconds: z.number().nonnegative().default(1),
        /** Blocking writes only (ShareLock, ShareRowExclusiveLock, ExclusiveLock: INSERT/UPDATE/DELETE wait), in seconds. */
        writesSeconds: z.number().nonnegative().default(5),
      })
      .strict()
      .prefault({}),
    /**
     * Wall-clock budget of the whole calibration step per review, in seconds: tables are filled
     * with synthetic rows on fresh branches and the change replayed to time its statements.
     * 0 turns calibration off (small production tables still get the sandbox's figure).
     */
    calibrationBudgetSeconds: z.number().nonnegative().max(600).default(30),
    /** Largest synthetic size of a table; production sizes above it are extrapolated from it and a fifth of it. */
    calibrationRows: z.number().int().min(1000).max(5_000_000).default(100_000),
    /** Production tables with fewer rows than this are not calibrated: the sandbox's own figure stands for them. */
    calibrationMinRows: z.number().int().nonnegative().default(10_000),
  })
  .strict();

/** `.github/pg-dba-review.yml`: every key has a default, so an empty file works. */
export const configSchema = z
  .object({
    /** Which files are migrations, as globs relative to the repository root. */
    migrations: z
      .object({
        /** Globs of migration files; matched files are applied in natural path order. */
        include: z.array(z.string().min(1)).min(1).default(DEFAULT_MIGRATION_GLOBS),
        /** Globs to leave out (seeds, rollbacks kept beside the migrations...). */
        exclude: z.array(z.string().min(1)).default([]),
        /**
         * The migration tool, for its file layout, ordering, up/down pairing and transaction rules:
         * sql, flyway, golang-migrate, dbmate, prisma, supabase, drizzle, sqitch, node-pg-migrate,
         * diesel, goose. Its locations are used unless `include` is set; `exclude` always applies.
         * `supabase` also makes Supabase's standard roles, schemas and auth functions before the
         * base history.
         */
        preset: z.enum(PRESET_NAMES).optional(),
        /**
         * Settings the migration runner gives its session outside the files (a pre-script, the
         * connection's options, `ALTER ROLE ... SET`), e.g. `{ lock_timeout: 5s, statement_timeout: 15min }`.
         * They are applied to the review's migration session before each file, as `SET name = 'value'`
         * would (values are passed as parameters, never spliced into SQL); a file's own `SET`/`RESET`
         * still counts after that, and rules judge what the session measured. Names are Postgres
         * setting names; `role`, `session_authorization`, `session_replication_role`, library
         * loading and `temp_file_limit` are refused, superuser-only settings fail.
         */
        sessionSettings: z
          .record(z.string().regex(GUC_NAME, { message: 'must be a Postgres setting name, e.g. lock_timeout' }), z.union([z.string(), z.number(), z.boolean()]))
          .default({}),
        /**
         * What to do with a statement of the base history (migrations already deployed) that
         * Postgres refuses for lack of privilege (SQLSTATE 42501), such as `ALTER TABLE ...
         * DISABLE TRIGGER ALL` or `UPDATE pg_index`, which production's deploy may run as a
         * superuser and the sandbox never does. `fail` (default): the review cannot run and
         * names the statement. `skip`: the statement is skipped, and each skipped statement is
         * named in the review. New migrations are never skipped.
         */
        baseSuperuserStatements: z.enum(['fail', 'skip']).default('fail'),
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
     * Per-rule severity and exclusions, keyed by rule name (an unknown name is an error), e.g.
     * `rules: { prefer-bigint-keys: { severity: off }, ban-drop-column: { exclude: ['db/cleanup/**'] } }`.
     */
    rules: z.record(z.string(), ruleSettingsSchema).default({}),
    /**
     * Which findings fail the check (and make the CLI exit 1): `error` (the default) fails on
     * errors only, and warnings leave the check green while the comment counts them as open
     * decisions; `warning` fails on warnings too. A migration that does not apply always fails.
     */
    failOn: z.enum(['error', 'warning']).default('error'),
    /** Patterns for the `naming-convention` rule; every name must match its kind's pattern. */
    naming: namingSchema.prefault({}),
    /**
     * Production sizes per table ("orders" or "schema.orders"), e.g. `orders: { rows: 1000000 }`:
     * the sandbox's planner statistics are set to them before each EXPLAIN, so plans look like
     * production's (a table empty in the sandbox is given a few pages of synthetic rows for the
     * planner, rolled back), and lock times are estimated on production's size (see `production`).
     */
    tables: z.record(z.string().min(1), z.object({ rows: z.number().int().nonnegative() }).strict()).default({}),
    /**
     * Path (from the repository root) of a statistics file written by
     * `pg-dba-review stats export --format json`: row counts for every table in it, and on
     * PostgreSQL 18+ production's column statistics. Row counts in `tables:` win.
     */
    statsFile: z.string().min(1).optional(),
    /** What production's sizes (`tables:`, `statsFile`) are used for beyond EXPLAIN: lock times on production. */
    production: productionSchema.prefault({}),
    /**
     * Schemas the application exposes to its users' roles (e.g. PostgREST's `db-schemas`, or
     * Supabase's `public`): a table created or changed there without row-level security is flagged.
     */
    exposedSchemas: z.array(z.string().min(1)).default([]),
    /** Longest a single statement may run in the sandbox before the review cancels it, in seconds. */
    statementTimeoutSeconds: z.number().positive().max(3600).default(120),
    /** Longest a whole review may take in the App before its check is completed as neutral, in seconds. */
    reviewTimeoutSeconds: z.number().positive().max(3600).default(900),
    /** Who may use the `/pg-review` comment commands: the minimum repository permission per command. */
    commands: z
      .object({
        /** `/pg-review` and `/pg-review run`: re-run the review. */
        run: permission.default('read'),
        /** `/pg-review explain <SQL>`: EXPLAIN a query on the migrated sandbox. */
        explain: permission.default('write'),
        /** `/pg-review ignore <rule> <reason>`: acknowledge a finding for this pull request. */
        ignore: permission.default('write'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export type RuleSettings = z.infer<typeof ruleSettingsSchema>;
export type RulesConfig = Config['rules'];
export type NamingConfig = z.infer<typeof namingSchema>;
export type FailOn = Config['failOn'];
export type ProductionConfig = z.infer<typeof productionSchema>;
