import { alterCommands } from '../sql/classify-statement.js';
import { listOf, qualifiedName, stringValues, unwrap } from '../sql/node-helpers.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';
import { lockStrength } from '../trace/lock-modes.js';
import type { TracedMigration } from '../trace/traced-migration.js';
import { defineRule } from './define-rule.js';
import { listTracedStatements } from './helpers/walk-statements.js';

export const tableRewriteUnderExclusiveLock = defineRule({
  name: 'table-rewrite-under-exclusive-lock',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'An existing table was rewritten while holding AccessExclusiveLock.',
    why: 'Postgres copied every row into a new file (the relfilenode changed) while holding AccessExclusiveLock: all reads and writes of the table wait for the whole copy, and the rewrite needs as much free disk as the table and its indexes.',
    safeAlternative:
      'Avoid the rewrite: add the column without a volatile default (or with a constant one), backfill in batches, then SET DEFAULT; for type changes add a new column, backfill, and swap in a short transaction.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      if (at.statement.kind === 'TruncateStmt') return [];
      return at.traced.rewrites.flatMap((relation) => {
        if (at.createdBefore.has(relation)) return [];
        const lock = strongestLockSoFar(at.migration, at.position, relation);
        // VACUUM FULL runs outside a transaction and its lock is only seen by polling, which a
        // quick run on small sandbox data can slip between; its rewrite is always measured, and
        // VACUUM FULL always holds AccessExclusiveLock on the tables it names.
        const vacuumed = at.statement.kind === 'VacuumStmt' && listVacuumTargets(at.statement).includes(relation);
        if (!vacuumed && (!lock || lock.mode !== 'AccessExclusiveLock' || !['r', 'm', 'p'].includes(lock.relkind))) return [];
        return [{
          file: at.file,
          line: at.line,
          message: `${relation} was rewritten under AccessExclusiveLock (${at.traced.durationMs} ms, ${at.traced.walBytes} bytes of WAL on the sandbox's data); reads and writes wait for the whole copy.`,
          ...fixFor(at.statement),
        }];
      });
    });
  },
});

function listVacuumTargets(statement: ParsedStatement): string[] {
  return listOf(statement.node.rels)
    .map((rel) => qualifiedName(unwrap(rel, 'VacuumRelation')?.relation))
    .filter((name): name is string => name !== undefined);
}

/** Guidance for what caused the rewrite, read from the parse tree; the generic fix otherwise. */
function fixFor(statement: ParsedStatement): { fix?: string } {
  switch (statement.kind) {
    case 'RefreshMatViewStmt':
      return { fix: 'REFRESH MATERIALIZED VIEW CONCURRENTLY name; -- needs a UNIQUE index on the view; readers keep the old contents meanwhile (ExclusiveLock: reads go on).' };
    case 'ClusterStmt':
      return { fix: 'Do not CLUSTER a live table in a migration: schedule it in a maintenance window, or use pg_repack / pg_squeeze, which reorder the table online.' };
    case 'VacuumStmt':
      return { fix: 'Do not run VACUUM FULL in a migration: plain VACUUM (no lock on reads or writes) is usually enough; to give space back use pg_repack or pg_squeeze online.' };
    case 'AlterTableStmt':
      break;
    default:
      return {};
  }
  for (const cmd of alterCommands(statement)) {
    switch (cmd.subtype) {
      case 'AT_AlterColumnType':
        return { fix: `Change the type without a rewrite under lock: ADD COLUMN ${String(cmd.name)}_new <type>; keep it in sync with a trigger; backfill in batches (UPDATE ... WHERE id BETWEEN ...); then in one short transaction with lock_timeout: drop the old column and RENAME ${String(cmd.name)}_new TO ${String(cmd.name)}. Binary-compatible changes (varchar(n) to a larger n or to text, numeric precision increase) do not rewrite.` };
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
        return { fix: 'SET LOGGED / SET UNLOGGED copies the whole table under AccessExclusiveLock; create the table with the right persistence from the start, or copy the data into a new table in batches and swap names in a short transaction.' };
      case 'AT_AddColumn': {
        const column = unwrap(cmd.def, 'ColumnDef');
        const type = stringValues(unwrap(column?.typeName, 'TypeName')?.names ?? (column?.typeName as Record<string, unknown> | undefined)?.names).at(-1) ?? '';
        const constraints = listOf(column?.constraints).map((c) => unwrap(c, 'Constraint')?.contype);
        const name = String(column?.colname);
        if (/^(small|big)?serial[248]?$/.test(type)) {
          return { fix: `A serial column fills every existing row from its sequence: a rewrite. Add ${name} as a plain bigint column, CREATE SEQUENCE and ALTER COLUMN ${name} SET DEFAULT nextval(...) (new rows only), backfill old rows in batches, then add NOT NULL via a validated CHECK.` };
        }
        if (constraints.includes('CONSTR_IDENTITY')) {
          return { fix: `GENERATED ... AS IDENTITY fills every existing row: a rewrite. Add ${name} as a plain bigint column, backfill it in batches from a sequence, then ALTER COLUMN ${name} ADD GENERATED BY DEFAULT AS IDENTITY (no rewrite once filled; set its START past the backfilled values).` };
        }
        if (constraints.includes('CONSTR_GENERATED')) {
          return { fix: `A STORED generated column is computed for every row: a rewrite. Add a plain column, keep it in sync with a trigger, backfill in batches; or on PostgreSQL 18 use a VIRTUAL generated column, computed on read without a rewrite.` };
        }
        if (constraints.includes('CONSTR_DEFAULT')) {
          return { fix: `A volatile DEFAULT (random(), gen_random_uuid(), clock_timestamp()...) is evaluated per row: a rewrite. ADD COLUMN ${name} without the default (or with a constant one: no rewrite since PG11), then ALTER COLUMN ${name} SET DEFAULT ... for new rows, and backfill old rows in batches.` };
        }
        return { fix: `Adding ${name} rewrote the table: with a domain type that has constraints (${type}), Postgres checks the domain for every row by rewriting. Add the column with the domain's base type and enforce the rule with CHECK (...) NOT VALID followed by VALIDATE CONSTRAINT in a later transaction.` };
      }
      default:
        break;
    }
  }
  return {};
}

/** The strongest lock the migration held on a relation by the end of statement `position`. */
function strongestLockSoFar(migration: TracedMigration, position: number, relation: string) {
  const locks = migration.statements.slice(0, position + 1).flatMap((s) => s.locks.filter((l) => l.relation === relation));
  return locks.sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode))[0];
}
