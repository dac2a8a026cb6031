import { rules } from '../rules/index.js';
import { lockStrength } from '../trace/lock-modes.js';
import { escapeText } from './helpers/escape-text.js';
import { formatBytes } from './helpers/format-bytes.js';
import { formatDuration } from './helpers/format-duration.js';
import { inlineCode } from './helpers/inline-code.js';
import type { InspectionNote, Review, ReviewNote, ReviewStatement } from './review.js';
import { describeVerdict } from './describe-verdict.js';
import { formatLocation } from './helpers/format-location.js';
import type { Finding } from '../rules/run-rules.js';
import { formatEstimate } from '../estimate/describe-lock-estimate.js';
import type { Rule } from '../rules/define-rule.js';

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
  lockRows: Array<{ location: string; statement: string; relation: string; mode: string; blocks: string; held: string; rewrite: string; time: string; wal: string; production: string }>;
  hasLockRows: boolean;
  /** Whether the locks table has the "on production" column (production's sizes were given). */
  hasProductionColumn: boolean;
  /** Whether any statement ran: without that, "no lock" would be a claim nothing supports. */
  measured: boolean;
  quietStatements: string;
  indexing: string[];
  performance: string[];
  security: string[];
  backup: string[];
  verification: string[];
  /** Schema diff base → head, one line per change (folded into <details>). */
  schemaDiff: string[];
  hasSchemaDiff: boolean;
  /** Post-deploy catalog checks, as one SQL block. */
  verificationSql: string;
  hasVerificationSql: boolean;
  /** The generated down migration, as one SQL block. */
  rollbackSql: string;
  hasRollbackSql: boolean;
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
  /** Most findings shown (errors first); the rest are counted under Questions or Flags. */
  maxFindings?: number;
}

export function buildCommentModel(review: Review, limits: ModelLimits = { omitSql: false, maxLockRows: 200, maxListItems: 100 }): CommentModel {
  const statements = review.migrations.flatMap((m) => m.statements.map((s) => ({ file: m.file, s })));
  const verdict = describeVerdict(review, 'comment');
  // Every finding, open or acknowledged: a fact judged by a rule is shown once, as its finding.
  const judged = [...review.findings, ...(review.acknowledged ?? [])];
  const judgedFacts = new Set(judged.filter((f) => f.evidence?.kind).map((f) => `${f.evidence!.kind}|${f.evidence!.object ?? ''}`));
  const judgedQueries = new Set(judged.filter((f) => f.evidence?.kind === 'query-plan').map((f) => f.evidence!.object));

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
        production: productionCell(review, file, s.line, lock.relation),
      })),
  );
  const quiet = statements.length - withLocks.length;

  const performance: string[] = [];
  for (const { file, s } of statements.filter(({ s }) => s.rewrites.length > 0)) {
    performance.push(`${at(file, s.line)}: rewrote ${s.rewrites.map(inlineCode).join(', ')} in ${formatDuration(s.durationMs)}; on production data this takes as long as copying the table.`);
  }
  const totalWal = statements.reduce((sum, { s }) => sum + s.walBytes, 0);
  const slowest = statements.slice().sort((a, b) => b.s.durationMs - a.s.durationMs)[0];
  if (slowest) performance.push(`Slowest statement: ${at(slowest.file, slowest.s.line)} took ${formatDuration(slowest.s.durationMs)} on the sandbox (sizes there are not production's).`);
  if (statements.length > 0) performance.push(`WAL written by the migrations: ${formatBytes(totalWal)}.`);
  for (const e of review.explain) {
    if (judgedQueries.has(e.query)) continue;
    if (e.error) performance.push(`EXPLAIN of ${inlineCode(shorten(e.query))} failed: ${escapeText(e.error)}.`);
    else if (e.before && e.after)
      performance.push(
        `${inlineCode(shorten(e.query))}: cost ${e.before.totalCost} → ${e.after.totalCost}${e.costRatio !== undefined ? ` (×${e.costRatio})` : ''}${e.before.rows !== undefined && e.after.rows !== undefined ? `, estimated rows ${e.before.rows} → ${e.after.rows}` : ''}; plan ${escapeText(e.before.nodes.join(' › '))} → ${escapeText(e.after.nodes.join(' › '))}${e.after.indexes?.length ? ` using ${e.after.indexes.map(inlineCode).join(', ')}` : ''}.`,
      );
  }

  if (review.production) {
    for (const e of review.production.estimates) {
      if (e.heldMs === undefined) performance.push(`${at(e.file, e.line)}: no estimate on production for ${inlineCode(e.table)} (${escapeText(e.reason ?? 'not calibrated')}); the sandbox's figure stands.`);
    }
    performance.push(...review.production.notes.map(escapeText));
    if (review.production.estimates.some((e) => e.method === 'calibrated' || e.method === 'measured')) {
      performance.push(`Lock times on production were measured on synthetic rows on fresh branches (${formatDuration(review.production.calibrationMs)}) and judged against the lock budget (reads ${formatEstimate(review.production.lockBudget.readsMs)}, writes ${formatEstimate(review.production.lockBudget.writesMs)}).`);
    }
  } else if (review.findings.some((f) => (rules[f.rule as keyof typeof rules] as Rule | undefined)?.meta.judgedByLockTime)) {
    performance.push('The lock times above are the sandbox\'s, on its own data. To see them on production\'s tables (and judge them against `production.lockBudget`), give production\'s sizes: `pg-dba-review stats export` into `statsFile:`, or `tables:` row counts.');
  }

  const verification = review.migrations.map((m) =>
    m.status === 'applied'
      ? `${inlineCode(m.file)} applied on PostgreSQL ${review.postgres.version} (${m.transactionMode.replace('-', ' ')}).`
      : m.status === 'failed'
        ? `${inlineCode(m.file)} **failed** at line ${m.error?.line}: ${escapeText(m.error?.message)}`
        : `${inlineCode(m.file)} was skipped because an earlier migration failed or the sandbox could not run.`,
  );

  const rollback = review.rollback;
  const rollbackJudged = judged.some((f) => f.rule === 'rollback-does-not-restore');
  if (rollback && review.migrations.length > 0 && !rollbackJudged) verification.push(rollbackLine(rollback));
  for (const change of (rollback?.differences ?? []).slice(0, 20)) verification.push(`Not restored by the rollback: ${schemaChangeLine(change)}`);
  const inspections = review.inspections ?? [];
  const unjudged = inspections.filter((n) => !judgedFacts.has(`${n.kind}|${n.object}`));
  // A section names its findings (the fact itself is in the findings list above), then the facts no rule judged.
  const section = (name: InspectionNote['section']) =>
    capNotes(
      [...review.findings.filter((f) => f.section === name).map(findingPointer), ...unjudged.filter((n) => n.section === name).map(inspectionLine)],
      limits.maxListItems,
    );
  performance.push(...section('performance'));
  verification.push(...section('verification'));

  // Every open warning: each is a decision a reviewer must take (accept or fix). The measured
  // fact is in the finding above; here the decision, in the rule's words.
  const questions = review.findings
    .filter((f) => f.severity === 'warning')
    .map((f) => `⚠️ ${inlineCode(f.rule)} at ${formatLocation(f)}: ${escapeText(rules[f.rule as keyof typeof rules]?.meta.summary ?? f.message)} Accept it (\`/pg-review ignore ${f.rule} <reason>\`) or fix it.`);
  if (review.notEvaluated.length > 0) {
    questions.push(`Not evaluated because the sandbox could not run: ${review.notEvaluated.map(inlineCode).join(', ')}.`);
  }
  const manual = (rollback?.inverse ?? []).filter((i) => i.manual);
  for (const i of manual.slice(0, 10)) questions.push(`${at(i.file, i.line)} ${inlineCode(shorten(i.statement))} has no generated inverse (${escapeText(i.manual)}): how would you undo it?`);
  questions.push(...section('questions'));
  const shownFindings = review.findings
    .slice()
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
    .slice(0, limits.maxFindings ?? review.findings.length);
  const hiddenFindings = review.findings.length - shownFindings.length;
  if (hiddenFindings > 0) questions.unshift(`${hiddenFindings} more ${plural(hiddenFindings, 'finding')} not shown here to fit GitHub's comment size limit: see the check run or \`--format json\`.`);
  const schemaDiff = (review.schemaDiff ?? []).map(schemaChangeLine);
  const verificationSql = (review.verificationQueries ?? []).map((q) => `-- ${q.check} (expect: ${q.expect})\n${q.sql}`).join('\n\n');
  const rollbackSql = (rollback?.inverse ?? [])
    .map((i) => (i.inverse ? i.inverse : `-- line ${i.line} of ${i.file}: ${i.irreversible ? `irreversible: ${i.irreversible}` : `write by hand: ${i.manual}`}`))
    .join('\n');

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
    findings: shownFindings.map((f) => ({
      icon: SEVERITY_ICON[f.severity],
      rule: inlineCode(f.rule),
      location: formatLocation(f),
      message: escapeText(f.message),
      why: escapeText(rules[f.rule as keyof typeof rules]?.meta.why ?? ''),
      fix: escapeText(f.fix),
    })),
    hasFindings: review.findings.length > 0,
    acknowledged: (review.acknowledged ?? []).map((a) => `${inlineCode(a.rule)} at ${formatLocation(a)}, by @${a.by}: ${escapeText(a.reason)}`),
    hasAcknowledged: (review.acknowledged ?? []).length > 0,
    objective: escapeText(review.notes.objective),
    files: review.migrations.map((m) => {
      const sql = m.sql ?? m.statements.map((s) => `${s.sql.replace(/;?\s*$/, '')};`).join('\n\n');
      return { path: inlineCode(m.file), status: m.status, sql: limits.omitSql ? '' : sql, hasSql: !limits.omitSql && sql !== '' };
    }),
    lockRows: lockRows.slice(0, limits.maxLockRows),
    hasLockRows: lockRows.length > 0,
    hasProductionColumn: (review.production?.estimates.length ?? 0) > 0,
    measured: statements.length > 0,
    quietStatements: quiet > 0 ? `${quiet} ${plural(quiet, 'statement')} took no lock on a table that existed before.` : '',
    indexing: cap([...review.notes.indexing.map(noteLine), ...section('indexing')]),
    performance: cap(performance),
    security: cap([...withoutSpecific(review.notes.security, inspections, 'security').map(noteLine), ...section('security')]),
    backup: cap([...withoutSpecific(review.notes.backup, inspections, 'backup').map(noteLine), ...section('backup')]),
    verification: cap(verification),
    schemaDiff: capNotes(schemaDiff, limits.maxListItems * 4),
    hasSchemaDiff: schemaDiff.length > 0,
    verificationSql: limits.omitSql ? '' : verificationSql,
    hasVerificationSql: !limits.omitSql && verificationSql !== '',
    rollbackSql: limits.omitSql ? '' : rollbackSql,
    hasRollbackSql: !limits.omitSql && rollbackSql !== '',
    questions: cap(questions),
    truncated: limits.omitSql || lockRows.length > limits.maxLockRows || listCut || hiddenFindings > 0,
    marker: COMMENT_MARKER,
  };
}

/** Generic statement notes ("changes access control") give way to an inspection that says specifically what changed. */
function withoutSpecific(notes: ReviewNote[], inspections: InspectionNote[], section: InspectionNote['section']): ReviewNote[] {
  const specific = new Set(inspections.filter((i) => i.section === section && i.file !== undefined).map((i) => `${i.file}:${i.line}`));
  return notes.filter((n) => !specific.has(`${n.file}:${n.line}`));
}

function inspectionLine(note: InspectionNote): string {
  const where = note.file !== undefined && note.line !== undefined ? `${at(note.file, note.line)} ` : '';
  return `${where}${escapeText(note.message)}${note.sql ? ` Suggested: ${inlineCode(note.sql)}` : ''}`;
}

/** A finding in its DBA section: named, placed, and pointing at the findings list for the fact. */
function findingPointer(finding: Finding): string {
  return `${SEVERITY_ICON[finding.severity]} ${inlineCode(finding.rule)} at ${formatLocation(finding)}: see the finding above.`;
}

function schemaChangeLine(change: NonNullable<Review['schemaDiff']>[number]): string {
  const sign = change.change === 'added' ? '+' : change.change === 'removed' ? '−' : '~';
  return `${sign} ${change.kind} ${inlineCode(change.name)}${change.detail ? `: ${inlineCode(shorten(change.detail, 160))}` : ''}`;
}

function rollbackLine(rollback: NonNullable<Review['rollback']>): string {
  const files = rollback.files.map(inlineCode).join(', ');
  switch (rollback.status) {
    case 'verified':
      return rollback.files.length > 0
        ? `✅ **Rollback verified**: after the up migration, ${rollback.source === 'generated' ? 'the generated down migration' : files} restored exactly the base schema.`
        : `✅ Rollback: ${escapeText(rollback.reason ?? 'nothing to undo')}.`;
    case 'differs':
      return `⚠️ **Rollback incomplete**: after up and ${rollback.source === 'generated' ? 'the generated down migration' : files}, ${rollback.differences.length} schema ${plural(rollback.differences.length, 'difference')} from the base remain.`;
    case 'failed':
      return `❌ **Rollback failed**: ${inlineCode(`${rollback.error?.file}:${rollback.error?.line}`)}: ${escapeText(rollback.error?.message)}`;
    default:
      return `Rollback not verified: ${escapeText(rollback.reason ?? 'no down migration')}.`;
  }
}

function capNotes(lines: string[], max: number): string[] {
  return lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more (run with \`--format json\` for all).`] : lines;
}

function noteLine(note: ReviewNote): string {
  return `${at(note.file, note.line)} ${inlineCode(shorten(note.sql))}: ${escapeText(note.message)}`;
}

/** The estimated lock on production for a row of the locks table, e.g. "≈ 3 min 10 s (25,000,000 rows)". */
function productionCell(review: Review, file: string, line: number, relation: string): string {
  const estimate = review.production?.estimates.find((e) => e.file === file && e.line === line && e.table === relation);
  if (!estimate) return '';
  if (estimate.heldMs === undefined) return 'not estimated';
  return `≈ ${formatEstimate(estimate.heldMs)} (${Math.round(estimate.productionRows).toLocaleString('en-US')} rows${estimate.method === 'sandbox' ? ', small: sandbox figure' : ''})`;
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

function severityRank(severity: string): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
