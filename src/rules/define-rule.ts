import type { NamingConfig } from '../config/config.schema.js';
import type { ExplainComparison } from '../inspect/explain-queries.js';
import type { InspectionNote, InspectionSection } from '../inspect/inspection.js';
import type { RollbackReport } from '../inspect/run-rollback.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { TracedMigration } from '../trace/traced-migration.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * The evidence a rule reads: the parsed statements alone, what the trace measured too, or what
 * the inspectors read from the migrated branch's catalog (and the EXPLAINs and the rollback).
 */
export type Evidence = 'statements' | 'trace' | 'catalog';

/** What the inspectors measured on the migrated branch: facts only, judged by the `catalog` rules. */
export interface CatalogEvidence {
  /** One entry per fact (an FK without index, a grant, rows destroyed...), by `kind`. */
  notes: InspectionNote[];
  /** The configured queries and production's top queries, EXPLAINed before and after the migrations. */
  explain: ExplainComparison[];
  /** The down migration (given or generated), run after the up, and what it left. */
  rollback?: RollbackReport;
}

/** A rule's words, written once: the comment, the annotation and the doc page read them. */
export interface RuleMeta {
  severity: Severity;
  /** One line: what was found, as a reviewer would say it. */
  summary: string;
  /** Why it hurts: which lock, what it blocks, for how long. */
  why: string;
  /** The safe way to do it, as SQL or steps. */
  safeAlternative: string;
  /** The comment's DBA section the finding belongs in (catalog rules); none: the findings list only. */
  section?: InspectionSection;
  /**
   * The danger is how long a lock blocks a production table: with production's size known, the
   * estimated time decides the severity (within `production.lockBudget`: info; over: error).
   */
  judgedByLockTime?: boolean;
}

export interface RuleContext {
  /** The new migrations, parsed. */
  files: ParsedFile[];
  /** The same migrations as run on the sandbox; empty when the sandbox could not run. */
  migrations: TracedMigration[];
  /** The Postgres major judged for (the sandbox's, which the config pins to production's). */
  pgMajor: number;
  /**
   * Rows of tables counted on the branch before the migrations ran ("schema.name" → rows), for
   * the tables whose data a statement may destroy (DELETE, TRUNCATE, DROP ...).
   */
  rowsBefore?: Record<string, number>;
  /** Naming patterns from the config; the naming-convention rule falls back to snake_case. */
  naming?: NamingConfig;
  /**
   * What the inspectors read from the catalog; absent when it could not be read (catalog rules
   * are then not evaluated). `catalog.explain` holds the configured queries and production's top
   * queries (those carry `production`: calls per day, mean time).
   */
  catalog?: CatalogEvidence;
}

/** What a rule's check returns: only the specific sentence and where; the rest comes from meta. */
export interface RuleHit {
  file: string;
  /** 0 when no line of the new files caused it (see `origin`). */
  line: number;
  message: string;
  fix?: string;
  /** "base" when the object it is about was already so in the base history: no new line caused it; reported as info. */
  origin?: 'base';
  evidence?: FindingEvidence;
}

/**
 * What was measured behind a finding. Open for more: later stages add fields (an estimate of
 * the time on production, say) without touching the rules.
 */
export interface FindingEvidence {
  /** The inspection fact it judges (InspectionNote.kind). */
  kind?: string;
  /** The relation, index, policy, function or query it is about. */
  object?: string;
  /** SQL we built from catalog names: the fix or a check. */
  sql?: string;
  rows?: number;
  bytes?: number;
}

export interface Rule {
  name: string;
  meta: RuleMeta;
  needs: Evidence[];
  check(context: RuleContext): RuleHit[];
}

export function defineRule<const R extends Rule>(rule: R): R {
  return rule;
}
