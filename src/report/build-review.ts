import type { FailOn } from '../config/config.schema.js';
import type { Finding } from '../rules/run-rules.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import { buildNotes } from './build-notes.js';
import { decideVerdict } from './decide-verdict.js';
import { redactReview } from './redact-review.js';
import type { ExplainComparison, InspectionNote, Review, ReviewMigration, RollbackReport, SchemaChange, VerificationQuery } from './review.js';

export interface ReviewParts {
  postgresVersion: string;
  migrations: TracedMigration[];
  findings: Finding[];
  notEvaluated: string[];
  explain: ExplainComparison[];
  inspections?: InspectionNote[];
  schemaDiff?: SchemaChange[];
  rollback?: RollbackReport;
  verificationQueries?: VerificationQuery[];
  /** Set when the sandbox could not run: the verdict is then "error". */
  error?: string;
  /** Config `failOn`: which severities fail the review. */
  failOn?: FailOn;
  baseSkipped?: Array<{ file: string; line: number; sql: string; reason: string }>;
  /** Lock times on production, when production's sizes were given. */
  production?: Review['production'];
  /** Secret values found in the migrations (listSecrets): masked wherever they show up. */
  secrets?: string[];
}

const RELATION_KINDS: Record<string, string> = {
  r: 'table',
  p: 'partitioned table',
  i: 'index',
  I: 'partitioned index',
  S: 'sequence',
  m: 'materialized view',
  v: 'view',
  f: 'foreign table',
  t: 'TOAST table',
};

/**
 * Assembles the Report JSON from what the stages measured; the verdict follows from findings
 * and failures. Every string in it is redacted here (redactReview), so no output can skip it.
 */
export function buildReview(parts: ReviewParts): Review {
  return redactReview(assemble(parts), parts.secrets ?? []);
}

function assemble(parts: ReviewParts): Review {
  return {
    version: 1,
    verdict: decideVerdict({ findings: parts.findings, migrations: parts.migrations, ...(parts.error ? { error: parts.error } : {}), ...(parts.failOn ? { failOn: parts.failOn } : {}) }),
    ...(parts.failOn ? { failOn: parts.failOn } : {}),
    postgres: { version: parts.postgresVersion },
    ...(parts.error ? { error: { message: parts.error } } : {}),
    migrations: parts.migrations.map(toReviewMigration),
    findings: parts.findings,
    notEvaluated: parts.notEvaluated,
    explain: parts.explain,
    notes: buildNotes(parts.migrations),
    inspections: parts.inspections ?? [],
    schemaDiff: parts.schemaDiff ?? [],
    rollback: parts.rollback ?? { source: 'none', status: 'not-verified', reason: 'the sandbox could not run', files: [], differences: [], inverse: [] },
    verificationQueries: parts.verificationQueries ?? [],
    ...(parts.baseSkipped && parts.baseSkipped.length > 0 ? { baseSkipped: parts.baseSkipped } : {}),
    ...(parts.production ? { production: parts.production } : {}),
  };
}

function toReviewMigration(migration: TracedMigration): ReviewMigration {
  return {
    file: migration.file.path,
    status: migration.status,
    ...(migration.error ? { error: migration.error } : {}),
    transactionMode: migration.transactionMode,
    sql: migration.file.statements.map((s) => `${s.sql.replace(/;?\s*$/, '')};`).join('\n\n'),
    statements: migration.statements.map((traced) => ({
      index: traced.statement.index,
      line: traced.statement.line,
      sql: traced.statement.sql,
      kind: traced.statement.kind,
      durationMs: traced.durationMs,
      walBytes: traced.walBytes,
      rewrites: traced.rewrites,
      locks: traced.locks.map(({ relation, relkind, mode, blocks, heldMs }) => ({ relation, kind: RELATION_KINDS[relkind] ?? relkind, mode, blocks, heldMs })),
      rows: traced.rows,
      ...(traced.reads ? { reads: traced.reads } : {}),
      inTransaction: traced.inTransaction,
      lockTimeout: traced.lockTimeout,
      ...(traced.error ? { error: traced.error } : {}),
    })),
  };
}
