import { isRegression, type PlanOrError } from '../inspect/explain-queries.js';
import { buildSchemaDiff } from '../inspect/build-schema-diff.js';
import { buildVerificationQueries } from '../inspect/build-verification-queries.js';
import { explainWithSizes } from '../inspect/explain-with-sizes.js';
import { buildSizeHintNote } from '../inspect/build-size-hint-note.js';
import type { InspectionNote } from '../inspect/inspection.js';
import { runInspections } from '../inspect/run-inspections.js';
import { runRollback, type RollbackReport } from '../inspect/run-rollback.js';
import { snapshotBranch } from '../inspect/snapshot-branch.js';
import { snapshotChanges } from '../inspect/snapshot-changes.js';
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
import { splitBaseStatements } from '../sql/split-base-statements.js';
import { splitStatements } from '../sql/split-statements.js';
import { traceMigrations } from '../trace/trace-migrations.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import { planTransactions } from '../sql/plan-transactions.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { BaseState, Branch, Sandbox } from './ports.js';
import { buildSkippedBaseNotes } from '../inspect/build-skipped-base-notes.js';
import { restoreRoleNamesIn } from '../report/restore-role-names-in.js';
import type { ReviewRequest } from './review-request.js';

export interface ReviewDependencies {
  /** Hands out a running Postgres; the caller owns its lifetime. */
  sandbox: () => Promise<Sandbox>;
  /**
   * Runs a synchronous stage (parse, inspect, rules, report: no return to the event loop until
   * it ends). The CLI's lets a stop signal end the process at once meanwhile (shared/stop-signals.ts).
   */
  runSynchronous?: <T>(stage: () => T) => Promise<T>;
  /** Told when a stage starts and, during the trace, after each statement (the CLI's progress line). */
  onProgress?: (progress: ReviewProgress) => void;
}

export interface ReviewProgress {
  stage: string;
  /** New statements run so far, of `statementsTotal`. */
  statementsDone: number;
  statementsTotal: number;
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
 *   7. inspect   indexes, RLS, security, backup & HA (evidence only); schema diff; post-deploy checks;
 *   8. rollback  the down migration (given or generated) on the branch, compared with the base;
 *   9. estimate  with production's sizes: lock times on production, calibrated on synthetic rows on fresh branches;
 *  10. rules     judge statements, trace, catalog evidence, EXPLAINs and rollback, then apply the config, the lock
 *                budget (lock-time findings with an estimate; a severity set in the config wins) and inline directives;
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
  const sync = deps.runSynchronous ?? (async <T>(stage: () => T): Promise<T> => stage());
  // 1. parse
  const files = await sync(() => request.migrations.map(splitStatements));
  const baseFiles = await sync(() => request.base.map(splitBaseStatements));
  const downFiles = await sync(() => (request.down ?? []).map(splitStatements));
  clock.lap('parse');
  const statementsTotal = files.reduce((sum, f) => sum + f.statements.length, 0);
  let statementsDone = 0;
  const progress = (stage: string) => deps.onProgress?.({ stage, statementsDone, statementsTotal });

  let postgresVersion = `${request.postgresMajor}`;
  let migrations: TracedMigration[] = files.map(skipped);
  let explain: ExplainComparison[] = [];
  let inspections: InspectionNote[] = [];
  let schemaDiff: SchemaChange[] = [];
  let verificationQueries: VerificationQuery[] = [];
  let rollback: RollbackReport | undefined;
  let rowsBefore: Record<string, number> = {};
  let inspectError: string | undefined;
  /** Whether the inspectors read both catalogs: without that, the catalog rules are not evaluated. */
  let inspected = false;
  let failure: string | undefined;
  let branch: Branch | undefined;
  let base: BaseState | undefined;
  let estimates: LockTimeEstimates | undefined;
  let calibrationMs = 0;
  const production = request.production ?? toProductionSettings();
  const tableStats = request.tableStats ?? [];
  // Production's top queries are EXPLAINed with the configured ones (once each).
  const productionQueries = (request.productionQueries ?? []).filter((q) => !request.queries.includes(q.query));
  const queries = [...request.queries, ...productionQueries.map((q) => q.query)];
  try {
    // 2. sandbox
    progress('sandbox');
    const sandbox = await deps.sandbox();
    postgresVersion = sandbox.serverVersion;
    clock.lap('sandbox');
    base = await sandbox.prepareBase(baseFiles, {
      ...(request.baseRoles ? { roles: request.baseRoles } : {}),
      ...(request.baseSuperuserStatements ? { superuserStatements: request.baseSuperuserStatements } : {}),
    });
    clock.lap('base');
    // 3. branch
    branch = await sandbox.openBranch(base);
    postgresVersion = sandbox.serverVersion; // exact only once connected, for remote providers
    clock.lap('branch');
    // 4. before
    const baseSnapshot = await snapshotBranch(branch, files, base).catch((error: unknown) => void (inspectError = errorMessage(error)));
    rowsBefore = baseSnapshot?.rows ?? {};
    // Production sizes for the planner only matter when there are queries to EXPLAIN.
    const hints = queries.length > 0 ? tableStats : [];
    const { plans: before, sizes: sizeHints } = await explainWithSizes(branch, queries, hints, sandbox.majorVersion);
    clock.lap('before');
    // 5. trace
    progress('trace');
    migrations = await traceMigrations(branch, files, {
      statementLimitMs: request.statementLimitMs,
      ...(request.diskGrowthLimitBytes ? { diskGrowthLimitBytes: request.diskGrowthLimitBytes } : {}),
      ...(request.sessionSettings?.length ? { sessionSettings: request.sessionSettings } : {}),
      onStatement: (done) => {
        statementsDone = done;
        progress('trace');
      },
      ...(baseSnapshot ? { start: { base, since: baseSnapshot.since } } : {}),
    });
    progress('inspect');
    clock.lap('trace');
    // 6. after
    // Only what the migrations touched is read again (found in the catalog and the trace's locks).
    const locked = lockedRelations(migrations);
    const lockedIsComplete = migrations.every(locksAllRead);
    const headSnapshot =
      baseSnapshot &&
      (await snapshotChanges(branch, baseSnapshot.catalog, baseSnapshot.since, locked, { lockedIsComplete })
        .then((catalog) => ({ catalog }))
        .catch((error: unknown) => void (inspectError = errorMessage(error))));
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
        inspections = await sync(() => runInspections({
          before: baseSnapshot.catalog,
          after: headSnapshot.catalog,
          migrations,
          queries: explain.map((e) => ({ query: e.query, ...(e.after ? { after: e.after } : {}) })),
          rowsBefore: baseSnapshot.rows,
          exposedSchemas: request.exposedSchemas ?? [],
          pgMajor: sandbox.majorVersion,
          productionRows: Object.fromEntries((request.tableStats ?? []).map((h) => [h.table.includes('.') ? h.table : `public.${h.table}`, h.rows])),
        }));
        schemaDiff = await sync(() => buildSchemaDiff(baseSnapshot.catalog, headSnapshot.catalog));
        verificationQueries = buildVerificationQueries(schemaDiff);
        inspected = true;
      } catch (error) {
        inspectError = errorMessage(error);
      }
      clock.lap('inspect');
      // 8. rollback
      progress('rollback');
      rollback = await runRollback({
        branch,
        files,
        applied: migrations.every((m) => m.status === 'applied'),
        down: downFiles,
        base: baseSnapshot.catalog,
        after: headSnapshot.catalog,
        statementLimitMs: request.statementLimitMs,
        ...(request.sessionSettings?.length ? { sessionSettings: request.sessionSettings } : {}),
        changedSince: { xid: baseSnapshot.since, locked, lockedIsComplete },
      });
      clock.lap('rollback');
    } else {
      rollback = { source: 'none', status: 'not-verified', reason: 'the catalog of the branch could not be read', files: [], differences: [], inverse: [] };
    }
    // 9. estimate
    if (tableStats.length > 0 && migrations.some((m) => m.statements.length > 0)) {
      progress('estimate');
      const started = performance.now();
      const prepared = base;
      try {
        estimates = await estimateLockTimes({
          files,
          migrations,
          tableStats,
          pgMajor: sandbox.majorVersion,
          settings: production.calibration,
          openBranch: () => sandbox.openBranch(prepared),
          trace: (calibration, limitMs, settings) => {
            const sessionSettings = [...settings, ...(request.sessionSettings ?? [])];
            return traceMigrations(calibration, files, {
              statementLimitMs: Math.min(request.statementLimitMs, limitMs),
              ...(request.diskGrowthLimitBytes ? { diskGrowthLimitBytes: request.diskGrowthLimitBytes } : {}),
              ...(sessionSettings.length ? { sessionSettings } : {}),
            });
          },
        });
      } catch (error) {
        estimates = { estimates: [], notes: [`Lock times on production could not be estimated: ${errorMessage(error)}.`], runs: [] };
      }
      calibrationMs = Math.round(performance.now() - started);
      clock.lap('estimate');
    }
    if (sizeHints.tables.length > 0) inspections.push(buildSizeHintNote(sizeHints));
    inspections.push(...buildSkippedBaseNotes(base.skipped ?? []));
    if (inspectError !== undefined) {
      inspections.push({
        kind: 'inspection-failed',
        section: 'questions',
        object: 'catalog',
        message: `The catalog of the branch could not be inspected (${inspectError}), so some index, RLS, security and rollback notes may be missing.`,
      });
    }
  } catch (error) {
    failure = errorMessage(error);
    clock.lap('failed');
  } finally {
    if (branch?.dropInBackground) branch.dropInBackground();
    else await branch?.drop().catch(() => undefined);
    if (branch) clock.lap('drop');
  }

  // 10. rules
  progress('rules');
  const directives = Object.fromEntries(request.migrations.map((m) => [m.path, parseDirectives(m.content)]));
  const outcome = await sync(() =>
    runRules(
      {
        files,
        migrations,
        pgMajor: Number(postgresVersion.split('.')[0]),
        rowsBefore,
        ...(request.naming ? { naming: request.naming } : {}),
        ...(inspected ? { catalog: { notes: inspections, explain, ...(rollback ? { rollback } : {}) } } : {}),
      },
      failure === undefined,
      { ...(request.rules ? { config: request.rules } : {}), directives, ...(estimates ? { estimates: estimates.estimates, lockBudget: production.lockBudget } : {}) },
    ),
  );
  clock.lap('rules');
  // 11. report
  const review = await sync(() => buildReview({
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
    ...(request.failOn ? { failOn: request.failOn } : {}),
    ...(base?.skipped ? { baseSkipped: base.skipped } : {}),
    ...(estimates ? { production: { estimates: estimates.estimates, notes: estimates.notes, calibrationMs, runs: estimates.runs, lockBudget: production.lockBudget } } : {}),
    secrets: [...request.base, ...request.migrations, ...(request.down ?? [])].flatMap((file) => listSecrets(file.content)),
  }));
  clock.lap('report');
  // Roles ran under the branch's own names; the review speaks the author's.
  const names = branch?.roleNames?.();
  const said = names && names.size > 0 ? restoreRoleNamesIn(review, names) : review;
  return { ...said, timings: clock.timings };
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
  for (const [i, top] of (request.productionQueries ?? []).entries()) {
    const refused = findUnreadableInput(`production's top query #${i + 1} (statsFile)`, top.query, maxBytes);
    if (refused !== undefined) return refused;
  }
  return undefined;
}

/**
 * Whether the trace read every lock the migration's statements took: statements in a
 * transaction block hold theirs to its end, where the probe reads them; one run outside a
 * block (CREATE INDEX CONCURRENTLY, VACUUM) is watched from outside and its locks may pass unseen.
 */
function locksAllRead(migration: TracedMigration): boolean {
  // A statement that failed outside a block is recorded as not in a transaction, not as observed.
  return migration.statements.every((statement) => statement.inTransaction && !statement.observed);
}

/** Relations the trace saw a statement lock or rewrite, by name. */
function lockedRelations(migrations: TracedMigration[]): Set<string> {
  const names = new Set<string>();
  for (const migration of migrations) {
    for (const statement of migration.statements) {
      for (const lock of statement.locks) names.add(lock.relation);
      for (const relation of statement.rewrites) names.add(relation);
    }
  }
  return names;
}

function skipped(file: ParsedFile): TracedMigration {
  return { file, status: 'skipped', transactionMode: planTransactions(file), statements: [] };
}

function compare(query: string, before: PlanOrError, after: PlanOrError): ExplainComparison {
  if ('error' in after) return { query, ...('plan' in before ? { before: before.plan } : {}), error: after.error, regression: false };
  if ('error' in before) return { query, after: after.plan, regression: false };
  const costRatio = before.plan.totalCost > 0 ? Math.round((after.plan.totalCost / before.plan.totalCost) * 100) / 100 : 1;
  return { query, before: before.plan, after: after.plan, regression: isRegression(before.plan, after.plan), costRatio };
}
