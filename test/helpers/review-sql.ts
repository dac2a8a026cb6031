import type { NamingConfig, RulesConfig } from '../../src/config/config.schema.js';
import type { Review } from '../../src/report/review.js';
import type { Sandbox, TableStatsHint } from '../../src/review/ports.js';
import { runReview } from '../../src/review/run-review.js';
import type { ProductionSettings } from '../../src/review/review-request.js';
import type { ProductionQuery } from '../../src/inspect/list-top-queries.js';
import { EmbeddedSandbox } from '../../src/sandbox/embedded.js';
import type { PostgresMajor } from '../../src/sandbox/supported-versions.js';
import type { SessionSetting } from '../../src/shared/session-settings.js';

export interface SqlCase {
  /** The deployed schema (and data) the migrations apply to. */
  base?: string;
  /** One string per migration file, applied in order. */
  migrations: string[];
  queries?: string[];
  statementLimitMs?: number;
  diskGrowthLimitBytes?: number;
  /** Config `rules` (severity overrides, exclusions), as parsed from the YAML. */
  rules?: RulesConfig;
  /** Config `naming`. */
  naming?: NamingConfig;
  /** Down migrations, one string per file, run after `migrations` to verify the rollback. */
  down?: string[];
  exposedSchemas?: string[];
  /** Production row counts per table for the planner. */
  tableStats?: TableStatsHint[];
  /** The runner's session settings (config `migrations.sessionSettings`), applied before each file. */
  sessionSettings?: SessionSetting[];
  /** Roles production has before the first migration (a preset's). */
  baseRoles?: string[];
  /** Several base files instead of `base` (a preset's prelude first, say). */
  baseFiles?: Array<{ path: string; content: string }>;
  baseSuperuserStatements?: 'fail' | 'skip';
  /** Production's top queries (stats file). */
  productionQueries?: ProductionQuery[];
  /** Config `production` (lock budget, calibration limits). */
  production?: ProductionSettings;
}

/** Reviews SQL given inline, on a running sandbox, as the CLI would. */
export function reviewSql(sandbox: Sandbox, sqlCase: SqlCase): Promise<Review> {
  return runReview(
    {
      base: [...(sqlCase.baseFiles ?? []), ...(sqlCase.base ? [{ path: 'base.sql', content: sqlCase.base }] : [])],
      ...(sqlCase.baseRoles ? { baseRoles: sqlCase.baseRoles } : {}),
      ...(sqlCase.baseSuperuserStatements ? { baseSuperuserStatements: sqlCase.baseSuperuserStatements } : {}),
      migrations: sqlCase.migrations.map((content, i) => ({ path: `migrations/${String(i + 1).padStart(4, '0')}.sql`, content })),
      ...(sqlCase.down ? { down: sqlCase.down.map((content, i) => ({ path: `migrations/${String(i + 1).padStart(4, '0')}.down.sql`, content })) } : {}),
      ...(sqlCase.exposedSchemas ? { exposedSchemas: sqlCase.exposedSchemas } : {}),
      ...(sqlCase.tableStats ? { tableStats: sqlCase.tableStats } : {}),
      ...(sqlCase.productionQueries ? { productionQueries: sqlCase.productionQueries } : {}),
      ...(sqlCase.production ? { production: sqlCase.production } : {}),
      queries: sqlCase.queries ?? [],
      postgresMajor: sandbox.majorVersion as PostgresMajor,
      statementLimitMs: sqlCase.statementLimitMs ?? 30_000,
      ...(sqlCase.diskGrowthLimitBytes ? { diskGrowthLimitBytes: sqlCase.diskGrowthLimitBytes } : {}),
      ...(sqlCase.rules ? { rules: sqlCase.rules } : {}),
      ...(sqlCase.naming ? { naming: sqlCase.naming } : {}),
      ...(sqlCase.sessionSettings ? { sessionSettings: sqlCase.sessionSettings } : {}),
    },
    { sandbox: async () => sandbox },
  );
}

/** One embedded cluster per test file: started before the first test, removed after the last. */
export function useEmbeddedSandbox(major: PostgresMajor = 16): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await EmbeddedSandbox.start({ major });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox did not start: see the beforeAll error above');
    return sandbox;
  };
}

/** All statements of all migrations, flattened, for assertions. */
export function statementsOf(review: Review) {
  return review.migrations.flatMap((m) => m.statements);
}

/** The inspection notes of one kind, for assertions. */
export function inspectionsOf(review: Review, kind: string) {
  return (review.inspections ?? []).filter((note) => note.kind === kind);
}
