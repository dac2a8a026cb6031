import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportProductionStats } from './inspect/export-production-stats.js';
import { parseStatsFileContents, type StatsFileContents } from './config/parse-stats-file.js';
import { parseConfig } from './config/parse-config.js';
import { mergeHints, resolveReviewSettings, splitQueries, type RepositoryReader } from './config/resolve-review-settings.js';
import type { Config, FailOn } from './config/config.schema.js';
import { listGitMigrations } from './migrations/list-git-migrations.js';
import type { MigrationFile } from './migrations/migration-file.js';
import { buildSarif } from './report/build-sarif.js';
import type { Review } from './report/review.js';
import type { Sandbox, TableStatsHint } from './review/ports.js';
import type { ReviewRequest } from './review/review-request.js';
import { runReview, type ReviewProgress } from './review/run-review.js';
import { openSandbox, providerSettingsFromEnv } from './sandbox/open-sandbox.js';
import { cancelStatementsInFlight } from './sandbox/run-guarded-statement.js';
import { DEFAULT_MAJOR, isSupportedMajor, SUPPORTED_MAJORS, type PostgresMajor } from './sandbox/supported-versions.js';
import { UsageError, errorMessage } from './shared/errors.js';
import { watchStopSignals } from './shared/stop-signals.js';
import { splitStatements } from './sql/split-statements.js';
import { mergeSessionSettings, parseSessionSetting } from './shared/session-settings.js';
import { maxFileBytesFromEnv } from './sql/find-unreadable-input.js';

const USAGE = `Usage:
  pg-dba-review check [--setup FILE]... [--pg-version ${SUPPORTED_MAJORS.join('|')}] [--format markdown|json|sarif]
                      [--fail-on error|warning] [--queries FILE] [--rows TABLE=N]... [--stats FILE] [--statement-timeout SECONDS]
                      [--session-setting NAME=VALUE]... [--down FILE]... FILE...
      Review FILEs (new migrations, applied in the order given) on top of the --setup
      files (the already-deployed state: applied first, not traced, not judged).
      --down FILEs undo them: run after FILEs, the schema must be the base schema again.
      --rows TABLE=N plans the --queries as if TABLE held N rows (production's size);
      --stats FILE (from stats export --format json) does so for every table in it, and on
      PostgreSQL 18+ restores production's column statistics too.
      --session-setting NAME=VALUE (repeatable) is what the migration runner sets in its
      session outside the files (lock_timeout=5s): applied before each file.
  pg-dba-review review [--repo DIR] [--base REF] [--pg-version N] [--format markdown|json|sarif] [--fail-on error|warning]
                       [--session-setting NAME=VALUE]...
      Review the migrations changed between REF (default: origin/main, else main) and HEAD,
      on top of the ones already on REF, using the repository's .github/pg-dba-review.yml.
  --format sarif prints SARIF 2.1.0 (for GitHub code scanning); --fail-on warning makes
  warnings fail too (config failOn; default error: warnings are open decisions, exit 0).

  pg-dba-review stats export --database-url URL [--format yaml|json]
      Print the row estimates of every table of the database at URL (production) as the
      \`tables:\` section of .github/pg-dba-review.yml, or (json) with column statistics as a
      file for --stats / \`statsFile:\`. Reads catalog statistics only.

Exit codes: 0 pass (warnings may remain as open decisions), 1 fail (errors, or warnings with
--fail-on warning, or a migration that does not apply), 2 could not run.`;

/** Entry point: argv → ReviewRequest → runReview → printed review; returns the exit code. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      out.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'stats') return await exportStats(rest, out);
    if (command !== 'check' && command !== 'review') throw new UsageError(`unknown command "${command}"`);
    const { request, format } = command === 'check' ? await parseCheck(rest) : await parseReview(rest);
    const provider = providerSettingsFromEnv(process.env);
    let sandbox: Promise<Sandbox> | undefined;
    const signals = watchStopSignals();
    const progress = showProgress(err);
    const reviewed = (async () => {
      const review = await runReview(request, {
        sandbox: () => (sandbox ??= openSandbox(provider, request.postgresMajor, request.statementLimitMs)),
        runSynchronous: (stage) => signals.runSynchronous(stage),
        onProgress: progress.update,
      });
      progress.stop();
      // Handlebars and the templates are loaded only for Markdown (~40–80 ms of a JSON or SARIF run's start).
      const renderComment = format === 'markdown' ? (await import('./report/render-comment.js')).renderComment : undefined;
      const text = await signals.runSynchronous(() => format === 'json' ? `${JSON.stringify(review, null, 2)}\n` : format === 'sarif' ? `${JSON.stringify(buildSarif(review), null, 2)}\n` : renderComment!(review));
      return { review, text };
    })();
    let stopped = false;
    try {
      const outcome = await Promise.race([reviewed, signals.received]);
      if (typeof outcome === 'number') {
        stopped = true;
        // SIGINT/SIGTERM: cancel the running statement, drop the branch, stop the cluster, and
        // exit with the signal's code within STOP_BUDGET_MS whatever is still pending.
        reviewed.catch(() => undefined);
        await withinMs(STOP_BUDGET_MS, async () => {
          await cancelStatementsInFlight();
          await (await sandbox?.catch(() => undefined))?.close();
        });
        err.write(`pg-dba-review: stopped by ${outcome === 130 ? 'SIGINT' : 'SIGTERM'}\n`);
        return outcome;
      }
      out.write(outcome.text);
      if (outcome.review.verdict === 'error') err.write(`pg-dba-review: could not run the review: ${outcome.review.error?.message}\n`);
      return exitCode(outcome.review);
    } finally {
      progress.stop();
      signals.dispose();
      if (!stopped) await (await sandbox?.catch(() => undefined))?.close();
    }
  } catch (error) {
    err.write(`pg-dba-review: ${errorMessage(error)}\n`);
    if (error instanceof UsageError && error.showUsage) err.write(`\n${USAGE}\n`);
    return 2;
  }
}

/** A review that outlasts this prints where it stands on stderr (a terminal only). */
const PROGRESS_AFTER_MS = 3000;

/**
 * A progress line on stderr, rewritten in place once a second, when stderr is a terminal and
 * the review has run for a few seconds: the stage and, in the trace, statements done.
 */
export function showProgress(err: NodeJS.WritableStream, afterMs = PROGRESS_AFTER_MS): { update: (p: ReviewProgress) => void; stop: () => void } {
  if (!(err as NodeJS.WriteStream).isTTY) return { update: () => undefined, stop: () => undefined };
  let latest: ReviewProgress | undefined;
  let shown = false;
  const started = Date.now();
  const print = () => {
    if (!latest || Date.now() - started < afterMs) return;
    const count = latest.stage === 'trace' ? `, ${latest.statementsDone.toLocaleString('en')} of ${latest.statementsTotal.toLocaleString('en')} statements` : '';
    err.write(`\r\x1b[2Kpg-dba-review: ${latest.stage}${count} (${Math.round((Date.now() - started) / 1000)} s)`);
    shown = true;
  };
  const timer = setInterval(print, 1000);
  timer.unref();
  return {
    update: (p) => {
      latest = p;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) err.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** `stats export --database-url URL`: catalog row estimates as the config's `tables:` section. */
async function exportStats(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseStrict(() =>
    parseArgs({ args, allowPositionals: true, strict: true, options: { 'database-url': { type: 'string' }, format: { type: 'string', default: 'yaml' } } }),
  );
  if (positionals[0] !== 'export' || positionals.length !== 1) throw new UsageError('the stats command takes one subcommand: export');
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!url) throw new UsageError('stats export needs --database-url URL (or DATABASE_URL)');
  if (values.format !== 'yaml' && values.format !== 'json') throw new UsageError(`--format must be yaml or json (got "${values.format}")`);
  out.write(await exportProductionStats(url, values.format));
  return 0;
}

/**
 * What a stop signal may take before the CLI exits anyway: inside the 5 s a supervisor (CI,
 * `timeout`, Kubernetes' grace period) allows. Whatever is left (a cluster still starting) is
 * stopped by the cluster's watchdog once the process is gone.
 */
const STOP_BUDGET_MS = 2_500;

async function withinMs(ms: number, work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The CLI's exit code is the verdict's (which follows failOn), as the check's conclusion is. */
function exitCode(review: Review): number {
  return review.verdict === 'pass' ? 0 : review.verdict === 'fail' ? 1 : 2;
}

type Format = 'markdown' | 'json' | 'sarif';

const COMMON_OPTIONS = {
  'pg-version': { type: 'string' },
  format: { type: 'string', default: 'markdown' },
  'fail-on': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'session-setting': { type: 'string', multiple: true, default: [] as string[] },
} as const;

async function parseCheck(args: string[]): Promise<{ request: ReviewRequest; format: Format }> {
  const { values, positionals } = parseStrict(() =>
    parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...COMMON_OPTIONS,
        setup: { type: 'string', multiple: true, default: [] },
        queries: { type: 'string' },
        down: { type: 'string', multiple: true, default: [] },
        rows: { type: 'string', multiple: true, default: [] },
        stats: { type: 'string' },
      },
    }),
  );
  if (positionals.length === 0) throw new UsageError('check needs at least one migration FILE');
  const format = parseFormat(values.format);
  const failOn = values['fail-on'] === undefined ? undefined : parseFailOn(values['fail-on']);
  const postgresMajor = parseMajor(values['pg-version'], DEFAULT_MAJOR);
  const statementLimitMs = parseSeconds(values['statement-timeout'], 120) * 1000;
  const sessionSettings = mergeSessionSettings(values['session-setting'].map(parseSessionSetting));
  return {
    format,
    request: {
      base: await Promise.all(values.setup.map(readMigration)),
      migrations: await Promise.all(positionals.map(readMigration)),
      down: await Promise.all(values.down.map(readMigration)),
      ...(await (async () => {
        const stats = values.stats ? await readStatsFile(values.stats) : { tables: [], queries: [] };
        return { tableStats: mergeHints(stats.tables, values.rows.map(parseRowsHint)), productionQueries: stats.queries };
      })()),
      queries: values.queries ? await readQueries(values.queries) : [],
      postgresMajor,
      statementLimitMs,
      ...(failOn ? { failOn } : {}),
      sessionSettings,
      maxFileBytes: maxFileBytesFromEnv(),
    },
  };
}

async function parseReview(args: string[]): Promise<{ request: ReviewRequest; format: Format }> {
  const { values, positionals } = parseStrict(() =>
    parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...COMMON_OPTIONS, repo: { type: 'string', default: '.' }, base: { type: 'string' } },
    }),
  );
  if (positionals.length > 0) throw new UsageError(`review takes no FILE arguments (got ${positionals.join(' ')})`);
  const repo = path.resolve(values.repo);
  const config = await readRepoConfig(repo);
  const baseRef = values.base ?? (await defaultBaseRef(repo));
  const { base, changed, down, baseRoles } = await listGitMigrations(repo, baseRef, config.migrations);
  const settings = await resolveReviewSettings(config, readFromWorkingTree(repo));
  return {
    format: parseFormat(values.format),
    request: {
      ...settings,
      base,
      migrations: changed,
      ...(down ? { down } : {}),
      ...(baseRoles ? { baseRoles } : {}),
      baseSuperuserStatements: config.migrations.baseSuperuserStatements,
      postgresMajor: parseMajor(values['pg-version'], config.postgres.version as PostgresMajor),
      maxFileBytes: maxFileBytesFromEnv(),
      ...(values['statement-timeout'] ? { statementLimitMs: parseSeconds(values['statement-timeout'], 120) * 1000 } : {}),
      ...(values['fail-on'] ? { failOn: parseFailOn(values['fail-on']) } : {}),
      // The command line's settings come after the config's: a later SET of the same name wins.
      sessionSettings: mergeSessionSettings(settings.sessionSettings, values['session-setting'].map(parseSessionSetting)),
    },
  };
}

/** node:util's parseArgs, with its errors (unknown option, missing value) as usage errors. */
function parseStrict<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(errorMessage(error).replace(/\. To specify a positional argument.*$/, ''));
  }
}


async function readStatsFile(file: string): Promise<StatsFileContents> {
  return parseStatsFileContents((await readMigration(file)).content, file);
}


function parseRowsHint(value: string): TableStatsHint {
  const match = /^([^=\s]+)=(\d+)$/.exec(value);
  if (!match) throw new UsageError(`--rows takes TABLE=N, e.g. orders=1000000 (got "${value}")`);
  return { table: match[1]!, rows: Number(match[2]) };
}

function parseFormat(value: unknown): Format {
  if (value === 'markdown' || value === 'json' || value === 'sarif') return value;
  throw new UsageError(`--format must be markdown, json or sarif (got "${String(value)}")`);
}

function parseFailOn(value: string): FailOn {
  if (value === 'error' || value === 'warning') return value;
  throw new UsageError(`--fail-on must be error or warning (got "${value}")`);
}

function parseMajor(value: string | undefined, fallback: PostgresMajor): PostgresMajor {
  if (value === undefined) return fallback;
  const major = Number(value);
  if (!isSupportedMajor(major)) {
    throw new UsageError(`--pg-version ${value} is not supported; choose one of ${SUPPORTED_MAJORS.join(', ')}`);
  }
  return major;
}

function parseSeconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--statement-timeout must be a positive number of seconds (got "${value}")`);
  return seconds;
}

async function readMigration(file: string): Promise<MigrationFile> {
  try {
    return { path: file, content: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `reading ${file}: ${errorMessage(error)}`, { showUsage: false });
  }
}


async function readQueries(file: string): Promise<string[]> {
  return splitQueries((await readMigration(file)).content, file);
}

/** Reads repository files (config `queries:` and `statsFile`) from the working tree. */
function readFromWorkingTree(repo: string): RepositoryReader {
  return async (file) => {
    try {
      return await readFile(path.join(repo, file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new UsageError(`reading ${file}: ${errorMessage(error)}`, { showUsage: false });
    }
  };
}

async function readRepoConfig(repo: string): Promise<Config> {
  const file = path.join(repo, '.github', 'pg-dba-review.yml');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`reading ${file}: ${errorMessage(error)}`, { showUsage: false });
  }
  return parseConfig(text);
}

async function defaultBaseRef(repo: string): Promise<string> {
  const { execFile } = await import('node:child_process');
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master']) {
    const ok = await new Promise<boolean>((resolve) =>
      execFile('git', ['-C', repo, 'rev-parse', '--verify', '--quiet', candidate], (error) => resolve(!error)),
    );
    if (ok) return candidate;
  }
  throw new UsageError('no --base given and none of origin/main, origin/master, main, master exists');
}
