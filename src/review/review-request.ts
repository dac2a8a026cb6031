import type { FailOn, NamingConfig, RulesConfig } from '../config/config.schema.js';
import type { MigrationFile } from '../migrations/migration-file.js';
import type { PostgresMajor } from '../sandbox/supported-versions.js';
import type { SessionSetting } from '../shared/session-settings.js';
import type { TableStatsHint } from './ports.js';
import type { ProductionQuery } from '../inspect/list-top-queries.js';
import type { CalibrationSettings } from '../estimate/estimate-lock-times.js';

/** Lock times on production: the budget findings are judged by, and the calibration's limits. */
export interface ProductionSettings {
  lockBudget: LockBudget;
  calibration: CalibrationSettings;
}

/** Longest a statement may block a production table: reads (AccessExclusiveLock) and writes. */
export interface LockBudget {
  readsMs: number;
  writesMs: number;
}

/** Plain input of one review, whichever door it came in by (CLI, git, webhook). */
export interface ReviewRequest {
  /** Already deployed: applied first, not traced, not judged. */
  base: MigrationFile[];
  /** The new migrations, in the order they would be applied. */
  migrations: MigrationFile[];
  /** Down migrations, run after `migrations` to verify the rollback (in the order given). */
  down?: MigrationFile[];
  /** Schemas the application exposes (e.g. through PostgREST): their tables need RLS. */
  exposedSchemas?: string[];
  /** Production row counts per table, applied to the planner's statistics before each EXPLAIN. */
  tableStats?: TableStatsHint[];
  /** SQL queries to EXPLAIN before and after the migrations. */
  queries: string[];
  /** Production's top queries (stats file, from pg_stat_statements), EXPLAINed like `queries` (generic plans on 16+). */
  productionQueries?: ProductionQuery[];
  postgresMajor: PostgresMajor;
  statementLimitMs: number;
  /** How much the review database may grow during one statement (disk-fill guard); default 1 GiB. */
  diskGrowthLimitBytes?: number;
  /** Per-rule severity overrides and exclusions (config `rules`); defaults when absent. */
  rules?: RulesConfig;
  /**
   * What the migration runner sets in its session outside the files (config
   * `migrations.sessionSettings`, CLI `--session-setting`): applied before each file.
   */
  sessionSettings?: SessionSetting[];
  /** Largest file accepted (bytes); default 2 MiB (PG_DBA_REVIEW_MAX_FILE_BYTES at the doors). */
  maxFileBytes?: number;
  /** Naming patterns for the naming-convention rule (config `naming`); defaults when absent. */
  naming?: NamingConfig;
  /** Which findings fail the review (config `failOn`): `error` (default) or `warning` too. */
  failOn?: FailOn;
  /** Roles production has before the first migration (the preset's, e.g. Supabase's anon, authenticated). */
  baseRoles?: string[];
  /** `skip`: base statements refused for lack of privilege are skipped and named (config `migrations.baseSuperuserStatements`). */
  baseSuperuserStatements?: 'fail' | 'skip';
  /** Lock budget and calibration limits (config `production`); defaults when absent. */
  production?: ProductionSettings;
}
