import { rules } from '../rules/index.js';
import { lockStrength } from '../trace/lock-modes.js';
import { escapeText } from './helpers/escape-text.js';
import { formatBytes } from './helpers/format-bytes.js';
import { formatDuration } from './helpers/format-duration.js';
import { inlineCode } from './helpers/inline-code.js';
import type { Review, ReviewNote, ReviewStatement } from './review.js';

/** Everything the comment template prints, already ordered and formatted: templates only lay out. */
export interface CommentModel {
  title: string;
  verdictIcon: string;
  verdictLabel: string;
  verdictDetail: string;
  postgresVersion: string;
  findings: Array<{ icon: string; rule: string; location: string; message: string; why: string; fix: string }>;
  hasFindings: boolean;
  /** Findings acknowledged with `/pg-review ignore`, one line each. */
  acknowledged: string[];
  hasAcknowledged: boolean;
  objective: string;
  files: Array<{ path: string; status: string; sql: string; hasSql: boolean }>;
  lockRows: Array<{ location: string; statement: string; relation: string; mode: string; blocks: string; held: string; rewrite: string; time: string; wal: string }>;
  hasLockRows: boolean;
  quietStatements: string;
  indexing: string[];
  performance: string[];
  security: string[];
  backup: string[];
  verification: string[];
  questions: string[];
  /** Evidence left out to fit GitHub's comment size limit. */
  truncated: boolean;
  marker: string;
}

const SEVERITY_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
/** Hidden marker that lets the App find and update its own comment. */
export const COMMENT_MARKER = '<!-- pg-dba-review:comment -->';

export interface ModelLimits {
  /** Leave out the SQL of the schema changes (it is in the diff anyway). */
  omitSql: boolean;
  maxLockRows: number;
  /** Longest bullet list per section; the rest is counted, not shown. */
  maxListItems: number;
}

export function buildCommentModel(review: Review, limits: ModelLimits = { omitSql: false, maxLockRows: 200, maxListItems: 100 }): CommentModel {
  const statements = review.migrations.flatMap((m) => m.statements.map((s) => ({ file: m.file, s })));
  const errors = review.findings.filter((f) => f.severity === 'error');
  const verdict =
    review.verdict === 'error'
      ? { icon: '⚠️', label: 'Could not run', detail: escapeText(review.error?.message ?? 'unknown error') }
      : review.verdict === 'fail'
        ? { icon: '❌', label: 'Needs changes', detail: `${errors.length} blocking ${plural(errors.length, 'finding')}; see below for the safe alternative.` }
        : review.migrations.length === 0
          ? { icon: '✅', label: 'Nothing to review', detail: 'No migration files changed.' }
          : { icon: '✅', label: 'Safe to ship', detail: `${statements.length} ${plural(statements.length, 'statement')} ran on PostgreSQL ${review.postgres.version} with no blocking finding.` };

  // Index locks come with their table's lock; the table is what traffic waits on.
  const tableLocks = (s: ReviewStatement) => s.locks.filter((lock) => !lock.kind.includes('index'));
  const withLocks = statements
    .filter(({ s }) => tableLocks(s).length > 0)
    .sort((a, b) => strongest(b.s) - strongest(a.s) || b.s.durationMs - a.s.durationMs);
  const lockRows = withLocks.flatMap(({ file, s }) =>
    tableLocks(s)
      .sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode))
      .map((lock) => ({
        location: at(file, s.line),
        statement: inlineCode(shorten(s.sql)),
        relation: inlineCode(lock.relation),
        mode: lock.mode,
        blocks: lock.blocks.length > 0 ? lock.blocks.join(', ') : 'nothing',
        held: formatDuration(lock.heldMs),
        rewrite: s.rewrites.includes(lock.relation) ? '**yes**' : 'no',
        time: formatDuration(s.durationMs),
        wal: formatBytes(s.walBytes),
      })),
  );
  const quiet = statements.length - withLocks.length;

  const performance: string[] = [];
  for (const { file, s } of statements.filter(({ s }) => s.rewrites.length > 0)) {
    performance.push(`${at(file, s.line)}: rewrote ${s.rewrites.map(inlineCode).join(', ')} in ${formatDuration(s.durationMs)}; on production data this takes as long as copying the table, and needs that much free disk.`);
  }
  const totalWal = statements.reduce((sum, { s }) => sum + s.walBytes, 0);
  const slowest = statements.slice().sort((a, b) => b.s.durationMs - a.s.durationMs)[0];
  if (slowest) performance.push(`Slowest statement: ${at(slowest.file, slowest.s.line)} took ${formatDuration(slowest.s.durationMs)} on the sandbox (sizes there are not production's).`);
  if (statements.length > 0) performance.push(`WAL written by the migrations: ${formatBytes(totalWal)}.`);
  for (const e of review.explain) {
    if (e.error) performance.push(`EXPLAIN of ${inlineCode(shorten(e.query))} failed: ${escapeText(e.error)}.`);
    else if (e.before && e.after)
      performance.push(
        `${e.regression ? '⚠️ **Regression**: ' : ''}${inlineCode(shorten(e.query))}: cost ${e.before.totalCost} → ${e.after.totalCost}; plan ${escapeText(e.before.nodes.join(' › '))} → ${escapeText(e.after.nodes.join(' › '))}.`,
      );
  }

  const verification = review.migrations.map((m) =>
    m.status === 'applied'
      ? `${inlineCode(m.file)} applied on PostgreSQL ${review.postgres.version} (${m.transactionMode.replace('-', ' ')}). No down migration was given, so rollback was not verified.`
      : m.status === 'failed'
        ? `${inlineCode(m.file)} **failed** at line ${m.error?.line}: ${escapeText(m.error?.message)}`
        : `${inlineCode(m.file)} was skipped because an earlier migration failed or the sandbox could not run.`,
  );

  const questions = review.findings
    .filter((f) => f.severity === 'warning')
    .map((f) => `${at(f.file, f.line)}: ${escapeText(f.message)}`);
  if (review.notEvaluated.length > 0) {
    questions.push(`Not evaluated because the sandbox could not run: ${review.notEvaluated.map(inlineCode).join(', ')}.`);
  }

  let listCut = false;
  const cap = (items: string[]): string[] => {
    if (items.length <= limits.maxListItems) return items;
    listCut = true;
    return [...items.slice(0, limits.maxListItems), `… and ${items.length - limits.maxListItems} more.`];
  };

  return {
    title: escapeText(review.notes.title),
    verdictIcon: verdict.icon,
    verdictLabel: verdict.label,
    verdictDetail: verdict.detail,
    postgresVersion: review.postgres.version,
    findings: review.findings.map((f) => ({
      icon: SEVERITY_ICON[f.severity],
      rule: inlineCode(f.rule),
      location: at(f.file, f.line),
      message: escapeText(f.message),
      why: escapeText(rules[f.rule as keyof typeof rules]?.meta.why ?? ''),
      fix: escapeText(f.fix),
    })),
    hasFindings: review.findings.length > 0,
    acknowledged: (review.acknowledged ?? []).map((a) => `${inlineCode(a.rule)} at ${at(a.file, a.line)}, by @${a.by}: ${escapeText(a.reason)}`),
    hasAcknowledged: (review.acknowledged ?? []).length > 0,
    objective: escapeText(review.notes.objective),
    files: review.migrations.map((m) => {
      const sql = m.statements.map((s) => `${s.sql.replace(/;?\s*$/, '')};`).join('\n\n');
      return { path: inlineCode(m.file), status: m.status, sql: limits.omitSql ? '' : sql, hasSql: !limits.omitSql && sql !== '' };
    }),
    lockRows: lockRows.slice(0, limits.maxLockRows),
    hasLockRows: lockRows.length > 0,
    quietStatements: quiet > 0 ? `${quiet} ${plural(quiet, 'statement')} took no lock on a table that existed before.` : '',
    indexing: cap(review.notes.indexing.map(noteLine)),
    performance: cap(performance),
    security: cap(review.notes.security.map(noteLine)),
    backup: cap(review.notes.backup.map(noteLine)),
    verification: cap(verification),
    questions: cap(questions),
    truncated: limits.omitSql || lockRows.length > limits.maxLockRows || listCut,
    marker: COMMENT_MARKER,
  };
}

function noteLine(note: ReviewNote): string {
  return `${at(note.file, note.line)} ${inlineCode(shorten(note.sql))}: ${escapeText(note.message)}`;
}

function at(file: string, line: number): string {
  return inlineCode(`${file}:${line}`);
}

function strongest(statement: ReviewStatement): number {
  return Math.max(-1, ...statement.locks.map((l) => lockStrength(l.mode)));
}

function shorten(sql: string, max = 80): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
