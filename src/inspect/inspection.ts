import type { TracedMigration } from '../trace/traced-migration.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import type { PlanSummary } from './explain-queries.js';

/** The DBA section a note belongs in. */
export type InspectionSection = 'indexing' | 'performance' | 'security' | 'backup' | 'verification' | 'questions';

/**
 * One fact an inspector read from the catalog (or the trace) of the migrated branch: plain
 * text, formatted by the templates. `sql` is built by us from catalog identifiers (a suggested
 * fix or check), never the author's statement text.
 */
export interface InspectionNote {
  /** Stable id of what was detected, e.g. "fk-without-index". */
  kind: string;
  section: InspectionSection;
  /** "warning" asks a human to act or decide; "info" is context. */
  level: 'info' | 'warning';
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
  /** Production row counts from the configured size hints, by "schema.table". */
  productionRows?: Record<string, number>;
}
