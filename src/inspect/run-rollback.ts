import type { Branch } from '../review/ports.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import { splitStatements } from '../sql/split-statements.js';
import { runMigrationsUnmeasured } from '../trace/trace-migrations.js';
import type { SessionSetting } from '../shared/session-settings.js';
import { buildInverseStatements, type InverseStatement } from './build-inverse-statements.js';
import { buildSchemaDiff, type SchemaChange } from './build-schema-diff.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import { getCatalogSnapshot } from './get-catalog-snapshot.js';
import { snapshotChanges } from './snapshot-changes.js';

/** Whether the migrations can be undone, as run in the sandbox. */
export interface RollbackReport {
  /** The down migration given with the change, one generated from the statements, or none. */
  source: 'down-migration' | 'generated' | 'none';
  /**
   * verified: up → down left exactly the base schema; differs: it left `differences`;
   * failed: the down migration itself failed (`error`); not-verified: it was not run (`reason`).
   */
  status: 'verified' | 'differs' | 'failed' | 'not-verified';
  /** The down files run, in order. */
  files: string[];
  reason?: string;
  error?: { file: string; line: number; message: string };
  /** Base schema → schema after up and down; empty when verified. */
  differences: SchemaChange[];
  /** Generated inverses (only without a down migration), last statement first. */
  inverse: InverseStatement[];
}

export interface RollbackInput {
  branch: Branch;
  /** The migrations as applied (all must have applied for a rollback to be tried). */
  files: ParsedFile[];
  applied: boolean;
  down: ParsedFile[];
  base: CatalogSnapshot;
  after: CatalogSnapshot;
  statementLimitMs: number;
  /** The runner's session settings, applied before each down file as before each up file. */
  sessionSettings?: SessionSetting[];
  /**
   * Where `base` was read (a transaction id), the relations the up migrations locked, and whether
   * that is every one (the trace read all their locks): the catalog after the rollback is then
   * read as what changed since. Without it, read in full.
   */
  changedSince?: { xid: string; locked: Iterable<string>; lockedIsComplete?: boolean };
}

/**
 * Runs the down migration on the branch after the up migrations (as the unprivileged role,
 * through the same runner as the trace, unmeasured) and compares the catalog with the base snapshot. Without a down
 * migration it generates inverse statements and, when every statement has one, runs and
 * verifies those the same way; irreversible statements are reported instead.
 */
export async function runRollback(input: RollbackInput): Promise<RollbackReport> {
  try {
    return await tryRollback(input);
  } catch (error) {
    // The branch itself failed (lost connection...): say so rather than fail the review.
    return {
      source: input.down.length > 0 ? 'down-migration' : 'none',
      status: 'not-verified',
      reason: `running the rollback: ${error instanceof Error ? error.message : String(error)}`,
      files: [],
      differences: [],
      inverse: [],
    };
  }
}

async function tryRollback(input: RollbackInput): Promise<RollbackReport> {
  const inverse = input.down.length > 0 ? [] : buildInverseStatements(input.files, input.base, input.after);
  const source = input.down.length > 0 ? 'down-migration' : inverse.some((i) => i.inverse && !i.inverse.startsWith('--')) ? 'generated' : 'none';
  const report = (fields: Partial<RollbackReport> & Pick<RollbackReport, 'status'>): RollbackReport => ({
    source,
    files: [],
    differences: [],
    inverse,
    ...fields,
  });
  if (!input.applied) return report({ status: 'not-verified', reason: 'the migrations did not apply, so there is nothing to roll back' });

  let down = input.down;
  if (down.length === 0) {
    const irreversible = inverse.filter((i) => i.irreversible).length;
    const manual = inverse.filter((i) => i.manual).length;
    if (inverse.length === 0) return report({ status: 'verified', reason: 'the migrations change nothing a rollback must undo' });
    if (irreversible + manual > 0) {
      const parts = [
        irreversible > 0 ? `${irreversible} ${irreversible === 1 ? 'statement destroys' : 'statements destroy'} data no rollback can restore` : '',
        manual > 0 ? `${manual} ${manual === 1 ? 'statement has' : 'statements have'} no automatic inverse` : '',
      ].filter(Boolean);
      return report({ status: 'not-verified', reason: `${parts.join(' and ')}; write a down migration and pass it with --down to verify one` });
    }
    down = [splitStatements({ path: 'generated-down.sql', content: inverse.map((i) => i.inverse).join('\n') })];
  }

  // Applied, not traced: the check needs whether it applies and the catalog it leaves, not its locks.
  const lockedByDown: number[] = [];
  const traced = await runMigrationsUnmeasured(input.branch, down, {
    statementLimitMs: input.statementLimitMs,
    ...(input.sessionSettings ? { sessionSettings: input.sessionSettings } : {}),
    onLockedRelations: (oids) => lockedByDown.push(...oids),
  });
  const files = down.map((f) => f.path);
  const failed = traced.find((m) => m.status === 'failed');
  if (failed) {
    return report({ status: 'failed', files, error: { file: failed.file.path, line: failed.error?.line ?? 1, message: failed.error?.message ?? 'failed' } });
  }
  const since = input.changedSince;
  // A generated down migration undoes what the migrations did, on the relations they locked or
  // created; a written one can touch anything, and its locks were read only where each file ran
  // as one transaction.
  const lockedIsComplete = (since?.lockedIsComplete ?? false) && (input.down.length === 0 || traced.every((m) => m.transactionMode === 'single-transaction'));
  const catalog = since
    ? await snapshotChanges(input.branch, input.base, since.xid, since.locked, { lockedOids: lockedByDown, lockedIsComplete })
    : await readWhole(input.branch);
  const differences = buildSchemaDiff(input.base, catalog);
  return report({ status: differences.length === 0 ? 'verified' : 'differs', files, differences });
}

async function readWhole(branch: Branch): Promise<CatalogSnapshot> {
  const client = await branch.connect('pg-dba-review rollback check');
  try {
    return await getCatalogSnapshot(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
