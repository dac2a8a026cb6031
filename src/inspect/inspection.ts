import type { TracedMigration } from '../trace/traced-migration.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import type { PlanSummary } from './explain-queries.js';

/** The DBA section a note belongs in. */
export type InspectionSection = 'indexing' | 'performance' | 'security' | 'backup' | 'verification' | 'questions';

/**
 * One fact an inspector read from the catalog (or the trace) of the migrated branch: plain
 * text, formatted by the templates. `sql` is built by us from catalog identifiers (a suggested
 * fix or check), never the author's statement text. A note is evidence, never a judgement:
 * the rule of the same name (src/rules/, `needs: ['catalog']`) decides whether it is a finding,
 * and the comment then shows it once, as that finding.
 */
export interface InspectionNote {
  /** Stable id of what was detected, e.g. "fk-without-index": the name of the rule that judges it, if one does. */
  kind: string;
  section: InspectionSection;
  /**
   * "base" when the object was already so before the reviewed migrations (the base history
   * created it; they only touched it): then no `file`/`line` is given, since no new line caused it.
   */
  origin?: 'base';
  /** The relation, index, policy, function, role or extension it is about. */
  object: string;
  message: string;
  sql?: string;
  /** The statement that caused it, when one did. */
  file?: string;
  line?: number;
  /** Measured figures behind the message. */
  rows?: number;
  bytes?: number;
}

/** What the inspectors read: the catalog before and after the migrations, and what was measured. */
export interface InspectionInput {
  before: CatalogSnapshot;
  after: CatalogSnapshot;
  migrations: TracedMigration[];
  /** Configured queries and their plan on the migrated state. */
  queries: Array<{ query: string; after?: PlanSummary }>;
  /** Rows counted on the branch before the migrations, for tables a destructive statement targets. */
  rowsBefore: Record<string, number>;
  /** Schemas the application exposes (e.g. through PostgREST): tables there need RLS. */
  exposedSchemas: string[];
  /** The sandbox's Postgres major (features such as security_invoker views are 15+); 15 when not given. */
  pgMajor?: number;
  /** Production row counts from the configured size hints, by "schema.table". */
  productionRows?: Record<string, number>;
}
