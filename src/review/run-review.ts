import { explainQueries, isRegression, type PlanOrError } from '../inspect/explain-queries.js';
import { buildSchemaDiff } from '../inspect/build-schema-diff.js';
import { buildVerificationQueries } from '../inspect/build-verification-queries.js';
import { explainWithSizes } from '../inspect/explain-with-sizes.js';
import { buildSizeHintNote } from '../inspect/build-size-hint-note.js';
import type { InspectionNote } from '../inspect/inspection.js';
import { runInspections } from '../inspect/run-inspections.js';
import { runRollback, type RollbackReport } from '../inspect/run-rollback.js';
import { snapshotBranch } from '../inspect/snapshot-branch.js';
import { buildReview } from '../report/build-review.js';
import type { ExplainComparison, Review, SchemaChange, VerificationQuery } from '../report/review.js';
import { runRules } from '../rules/run-rules.js';
import { toProductionSettings } from '../config/resolve-review-settings.js';
import { estimateLockTimes, type LockTimeEstimates } from '../estimate/estimate-lock-times.js';
import { errorMessage } from '../shared/errors.js';
import { startStageClock } from '../shared/stage-clock.js';
import { DEFAULT_MAX_FILE_BYTES, findUnreadableInput } from '../sql/find-unreadable-input.js';
import { parseDirectives } from '../sql/parse-directives.js';
import { listSecrets } from '../sql/redact-secrets.js';
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
 *   0. intake    every file (and query) must be UTF-8 text without NUL bytes, within the size
 *                limit, whichever door it came by; otherwise "could not run", naming the file;
 *   1. parse     every file with the Postgres grammar (parse errors become findings);
 *   2. sandbox   get a Postgres and build the base state as a template database;
 *   3. branch    clone the template into a throwaway database;
 *   4. before    catalog snapshot (read once per base), rows of tables about to lose data, EXPLAIN of the configured queries;
 *   5. trace     the new migrations, statement by statement;
 *   6. after     catalog snapshot and EXPLAIN of the same queries on the migrated state;
 *   7. inspect   indexes, RLS, security, backup & HA; schema diff; post-deploy checks;
 *   8. rollback  the down migration (given or generated) on the branch, compared with the base;
 *   9. estimate  with production's sizes: lock times on production, calibrated on synthetic rows on fresh branches;
 *  10. rules     judge statements and trace (lock-time rules by the estimates and the lock budget), then apply the config and inline directives;
 *  11. report    assemble the Review.
 * A failure of the sandbox itself ends in verdict "error" with the reason, never a throw; a
 * failure of an inspection becomes a note, the measured review still stands.
 * `clock.lap(stage)` closes each stage: the Review's `timings` say where the time went.
 */
export async function runReview(request: ReviewRequest, deps: ReviewDependencies): Promise<Review> {
  const clock = startStageClock();
  // 0. intake
  const refused = findRefusedInput(request);
  if (refused !== undefined) {
    const review = buildReview({ postgresVersion: `${request.postgresMajor}`, migrations: [], findings: [], notEvaluated: [], explain: [], error: refused });
    clock.lap('intake');
    return { ...review, timings: clock.timings };
  }
  // 1. parse
  const files = request.migrations.map(splitStatements);
  const baseFiles = request.base.map(splitStatements);
  const downFiles = (request.down ?? []).map(splitStatements);
  clock.lap('parse');

  let postgresVersion = `${request.postgresMajor}`;
  let migrations: TracedMigration[] = files.map(skipped);
  let explain: ExplainComparison[] = [];
  let inspections: InspectionNote[] = [];
  let schemaDiff: SchemaChange[] = [];
  let verificationQueries: VerificationQuery[] = [];
  let rollback: RollbackReport | undefined;
  let inspectError: string | undefined;
  let failure: string | undefined;
  let branch: Branch | undefined;
  let estimates: LockTimeEstimates | undefined;
  let calibrationMs = 0;
  const production = request.production ?? toProductionSettings();
  const tableStats = request.tableStats ?? [];
  // Production's top queries are EXPLAINed with the configured ones (once each).
  const productionQueries = (request.productionQueries ?? []).filter((q) => !request.queries.includes(q.query));
  const queries = [...request.queries, ...productionQueries.map((q) => q.query)];
  try {
    // 2. sandbox
    const sandbox = await deps.sandbox();
    postgresVersion = sandbox.serverVersion;
    clock.lap('sandbox');
    const base = await sandbox.prepareBase(baseFiles);
    clock.lap('base');
    // 3. branch
    branch = await sandbox.openBranch(base);
    postgresVersion = sandbox.serverVersion; // exact only once connected, for remote providers
    clock.lap('branch');
    // 4. before
    const baseSnapshot = await snapshotBranch(branch, files, base).catch((error: unknown) => void (inspectError = errorMessage(error)));
    // Production sizes for the planner only matter when there are queries to EXPLAIN.
    const hints = queries.length > 0 ? tableStats : [];
    const { plans: before, sizes: sizeHints } = await explainWithSizes(branch, queries, hints, sandbox.majorVersion);
    clock.lap('before');
    // 5. trace
    migrations = await traceMigrations(branch, files, {
      statementLimitMs: request.statementLimitMs,
      ...(request.diskGrowthLimitBytes ? { diskGrowthLimitBytes: request.diskGrowthLimitBytes } : {}),
    });
    clock.lap('trace');
    // 6. after
    const headSnapshot = baseSnapshot && (await snapshotBranch(branch, []).catch((error: unknown) => void (inspectError = errorMessage(error))));
    const { plans: after } = await explainWithSizes(branch, queries, hints, sandbox.majorVersion);
    explain = queries.map((query, i) => {
      const comparison = compare(query, before[i]!, after[i]!);
      const top = i >= request.queries.length ? productionQueries[i - request.queries.length] : undefined;
      return top ? { ...comparison, production: { calls: top.calls, callsPerDay: top.callsPerDay, meanMs: top.meanMs } } : comparison;
    });
    clock.lap('after');
    // 7. inspect
    if (baseSnapshot && headSnapshot) {
      try {
        inspections = runInspections({
          before: baseSnapshot.catalog,
          after: headSnapshot.catalog,
          migrations,
          queries: explain.map((e) => ({ query: e.query, ...(e.after ? { after: e.after } : {}) })),
          rowsBefore: baseSnapshot.rows,
          exposedSchemas: request.exposedSchemas ?? [],
          productionRows: Object.fromEntries((request.tableStats ?? []).map((h) => [h.table.includes('.') ? h.table : `public.${h.table}`, h.rows])),
        });
        schemaDiff = buildSchemaDiff(baseSnapshot.catalog, headSnapshot.catalog);
        verificationQueries = buildVerificationQueries(schemaDiff);
      } catch (error) {
        inspectError = errorMessage(error);
      }
      clock.lap('inspect');
      // 8. rollback
      rollback = await runRollback({
        branch,
        files,
        applied: migrations.every((m) => m.status === 'applied'),
        down: downFiles,
        base: baseSnapshot.catalog,
        after: headSnapshot.catalog,
        statementLimitMs: request.statementLimitMs,
      });
      clock.lap('rollback');
    } else {
      rollback = { source: 'none', status: 'not-verified', reason: 'the catalog of the branch could not be read', files: [], differences: [], inverse: [] };
    }
    // 9. estimate
    if (tableStats.length > 0 && migrations.some((m) => m.statements.length > 0)) {
      const started = performance.now();
      try {
        estimates = await estimateLockTimes({
          files,
          migrations,
          tableStats,
          pgMajor: sandbox.majorVersion,
          settings: production.calibration,
          openBranch: () => sandbox.openBranch(base),
          trace: (calibration, limitMs) => traceMigrations(calibration, files, { statementLimitMs: Math.min(request.statementLimitMs, limitMs) }),
        });
      } catch (error) {
        estimates = { estimates: [], notes: [`Lock times on production could not be estimated: ${errorMessage(error)}.`], runs: [] };
      }
      calibrationMs = Math.round(performance.now() - started);
      clock.lap('estimate');
    }
    if (sizeHints.tables.length > 0) inspections.push(buildSizeHintNote(sizeHints));
    if (inspectError !== undefined) {
      inspections.push({
        kind: 'inspection-failed',
        section: 'questions',
        level: 'warning',
        object: 'catalog',
        message: `The catalog of the branch could not be inspected (${inspectError}), so some index, RLS, security and rollback notes may be missing.`,
      });
    }
  } catch (error) {
    failure = errorMessage(error);
    clock.lap('failed');
  } finally {
    await branch?.drop().catch(() => undefined);
    if (branch) clock.lap('drop');
  }

  // 10. rules
  const directives = Object.fromEntries(request.migrations.map((m) => [m.path, parseDirectives(m.content)]));
  const outcome = runRules(
    { files, migrations, pgMajor: Number(postgresVersion.split('.')[0]), explain, ...(request.naming ? { naming: request.naming } : {}) },
    failure === undefined,
    { ...(request.rules ? { config: request.rules } : {}), directives, ...(estimates ? { estimates: estimates.estimates, lockBudget: production.lockBudget } : {}) },
  );
  clock.lap('rules');
  // 11. report
  const review = buildReview({
    postgresVersion,
    migrations,
    findings: outcome.findings,
    notEvaluated: outcome.notEvaluated,
    explain,
    inspections,
    schemaDiff,
    verificationQueries,
    ...(rollback ? { rollback } : {}),
    ...(failure ? { error: failure } : {}),
    ...(estimates ? { production: { estimates: estimates.estimates, notes: estimates.notes, calibrationMs, runs: estimates.runs, lockBudget: production.lockBudget } } : {}),
    secrets: [...request.base, ...request.migrations, ...(request.down ?? [])].flatMap((file) => listSecrets(file.content)),
  });
  clock.lap('report');
  return { ...review, timings: clock.timings };
}

function findRefusedInput(request: ReviewRequest): string | undefined {
  const maxBytes = request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (const file of [...request.base, ...request.migrations, ...(request.down ?? [])]) {
    const refused = findUnreadableInput(file.path, file.content, maxBytes);
    if (refused !== undefined) return refused;
  }
  for (const [i, query] of request.queries.entries()) {
    const refused = findUnreadableInput(`the query to EXPLAIN #${i + 1}`, query, maxBytes);
    if (refused !== undefined) return refused;
  }
  return undefined;
}

function skipped(file: ParsedFile): TracedMigration {
  return { file, status: 'skipped', transactionMode: planTransactions(file.statements), statements: [] };
}

function compare(query: string, before: PlanOrError, after: PlanOrError): ExplainComparison {
  if ('error' in after) return { query, ...('plan' in before ? { before: before.plan } : {}), error: after.error, regression: false };
  if ('error' in before) return { query, after: after.plan, regression: false };
  const costRatio = before.plan.totalCost > 0 ? Math.round((after.plan.totalCost / before.plan.totalCost) * 100) / 100 : 1;
  return { query, before: before.plan, after: after.plan, regression: isRegression(before.plan, after.plan), costRatio };
}
