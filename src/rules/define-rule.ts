import type { NamingConfig } from '../config/config.schema.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { TracedMigration } from '../trace/traced-migration.js';

export type Severity = 'error' | 'warning' | 'info';

/** The evidence a rule reads: the parsed statements alone, or what the trace measured too. */
export type Evidence = 'statements' | 'trace';

/** A rule's words, written once: the comment, the annotation and the doc page read them. */
export interface RuleMeta {
  severity: Severity;
  /** One line: what was found, as a reviewer would say it. */
  summary: string;
  /** Why it hurts: which lock, what it blocks, for how long. */
  why: string;
  /** The safe way to do it, as SQL or steps. */
  safeAlternative: string;
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
  /** Naming patterns from the config; the naming-convention rule falls back to snake_case. */
  naming?: NamingConfig;
  /** EXPLAIN before/after of the configured queries and production's top queries. */
  explain?: Array<{ query: string; regression: boolean; costRatio?: number; production?: { calls: number; callsPerDay: number; meanMs: number } }>;
}

/** What a rule's check returns: only the specific sentence and where; the rest comes from meta. */
export interface RuleHit {
  file: string;
  line: number;
  message: string;
  fix?: string;
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
