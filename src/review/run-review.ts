import { explainQueries, isRegression, type PlanOrError } from '../inspect/explain-queries.js';
import { buildReview } from '../report/build-review.js';
import type { ExplainComparison, Review } from '../report/review.js';
import { runRules } from '../rules/run-rules.js';
import { errorMessage } from '../shared/errors.js';
import { parseDirectives } from '../sql/parse-directives.js';
import { splitStatements } from '../sql/split-statements.js';
import { traceMigrations } from '../trace/trace-migrations.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import { planTransactions } from '../sql/plan-transactions.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { Branch, Sandbox } from './ports.js';
import type { ReviewRequest } from './review-request.js';

export interface ReviewDependencies {
  /** Hands out a running Postgres; the caller owns its lifetime. */
  sandbox: () => Promise<Sandbox>;
}

/**
 * The one place that knows the order of the stages:
 *   1. parse     every file with the Postgres grammar (parse errors become findings);
 *   2. sandbox   get a Postgres and build the base state as a template database;
 *   3. branch    clone the template into a throwaway database;
 *   4. explain   the configured queries on the base state;
 *   5. trace     the new migrations, statement by statement;
 *   6. explain   the same queries on the migrated state;
 *   7. rules     judge statements and trace, then apply the config and inline directives;
 *   8. report    assemble the Review.
 * A failure of the sandbox itself ends in verdict "error" with the reason, never a throw.
 */
export async function runReview(request: ReviewRequest, deps: ReviewDependencies): Promise<Review> {
  // 1. parse
  const files = request.migrations.map(splitStatements);
  const baseFiles = request.base.map(splitStatements);

  let postgresVersion = `${request.postgresMajor}`;
  let migrations: TracedMigration[] = files.map(skipped);
  let explain: ExplainComparison[] = [];
  let failure: string | undefined;
  let branch: Branch | undefined;
  try {
    // 2. sandbox
    const sandbox = await deps.sandbox();
    postgresVersion = sandbox.serverVersion;
    const base = await sandbox.prepareBase(baseFiles);
    // 3. branch
    branch = await sandbox.openBranch(base);
    postgresVersion = sandbox.serverVersion; // exact only once connected, for remote providers
    // 4. explain before
    const before = await explainOn(branch, request.queries);
    // 5. trace
    migrations = await traceMigrations(branch, files, {
      statementLimitMs: request.statementLimitMs,
      ...(request.diskGrowthLimitBytes ? { diskGrowthLimitBytes: request.diskGrowthLimitBytes } : {}),
    });
    // 6. explain after
    const after = await explainOn(branch, request.queries);
    explain = request.queries.map((query, i) => compare(query, before[i]!, after[i]!));
  } catch (error) {
    failure = errorMessage(error);
  } finally {
    await branch?.drop().catch(() => undefined);
  }

  // 7. rules
  const directives = Object.fromEntries(request.migrations.map((m) => [m.path, parseDirectives(m.content)]));
  const outcome = runRules(
    { files, migrations, pgMajor: Number(postgresVersion.split('.')[0]), ...(request.naming ? { naming: request.naming } : {}) },
    failure === undefined,
    { ...(request.rules ? { config: request.rules } : {}), directives },
  );
  // 8. report
  return buildReview({
    postgresVersion,
    migrations,
    findings: outcome.findings,
    notEvaluated: outcome.notEvaluated,
    explain,
    ...(failure ? { error: failure } : {}),
  });
}

function skipped(file: ParsedFile): TracedMigration {
  return { file, status: 'skipped', transactionMode: planTransactions(file.statements), statements: [] };
}

async function explainOn(branch: Branch, queries: string[]): Promise<PlanOrError[]> {
  if (queries.length === 0) return [];
  const client = await branch.connect('pg-dba-review explain');
  try {
    return await explainQueries(client, queries);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function compare(query: string, before: PlanOrError, after: PlanOrError): ExplainComparison {
  if ('error' in after) return { query, ...('plan' in before ? { before: before.plan } : {}), error: after.error, regression: false };
  if ('error' in before) return { query, after: after.plan, regression: false };
  return { query, before: before.plan, after: after.plan, regression: isRegression(before.plan, after.plan) };
}
