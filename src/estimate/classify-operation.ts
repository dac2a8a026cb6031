import { alterCommands } from '../sql/classify-statement.js';
import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import type { TracedLock, TracedStatement } from '../trace/traced-migration.js';
import type { OperationClass } from './lock-estimate.js';

export interface ClassifiedOperation {
  table: string;
  operation: OperationClass;
}

/**
 * Pure: whether a traced statement does work proportional to a pre-existing table's rows while
 * holding a lock that blocks its writes (or reads), and which: an index build, a rewrite
 * (measured: the relfilenode changed), a validating scan (SET NOT NULL, a CHECK or FOREIGN KEY
 * added without NOT VALID, VALIDATE CONSTRAINT) or changing rows (UPDATE, DELETE: the changed
 * rows block other writers even without a table lock). `held` lists the locks the migration
 * holds on a table by the end of the statement, in its transaction. Statements
 * whose work does not grow with the table (a metadata-only ADD COLUMN) are not classified.
 */
export function classifyOperation(traced: TracedStatement, held: (table: string) => TracedLock[] = (t) => traced.locks.filter((l) => l.relation === t)): ClassifiedOperation | undefined {
  if (traced.error) return undefined;
  const { statement } = traced;
  const node = statement.node;
  const blocking = (table: string | undefined) => table !== undefined && held(table).some((l) => ['r', 'm'].includes(l.relkind) && l.blocks.includes('writes'));
  switch (statement.kind) {
    case 'IndexStmt': {
      const table = qualifiedName(node.relation);
      return !node.concurrent && blocking(table) ? { table: table!, operation: 'index-build' } : undefined;
    }
    case 'UpdateStmt':
    case 'DeleteStmt': {
      // Even alone, the rows it changes stay locked against other writers until it commits.
      const table = qualifiedName(node.relation);
      return table && held(table).length > 0 ? { table, operation: 'row-change' } : undefined;
    }
    case 'ClusterStmt':
    case 'VacuumStmt':
    case 'RefreshMatViewStmt': {
      const table = traced.rewrites.find((r) => blocking(r));
      return table ? { table, operation: 'rewrite' } : undefined;
    }
    case 'AlterTableStmt': {
      const table = qualifiedName(node.relation);
      if (!blocking(table)) return undefined;
      if (traced.rewrites.includes(table!)) return { table: table!, operation: 'rewrite' };
      for (const cmd of alterCommands(statement)) {
        if (cmd.subtype === 'AT_SetNotNull' || cmd.subtype === 'AT_ValidateConstraint') return { table: table!, operation: 'validation-scan' };
        if (cmd.subtype === 'AT_AddConstraint' || cmd.subtype === 'AT_AddIndex') {
          const constraint = unwrap(cmd.def, 'Constraint');
          if (!constraint || constraint.skip_validation) continue;
          if (constraint.contype === 'CONSTR_PRIMARY' || constraint.contype === 'CONSTR_UNIQUE') {
            if (constraint.indexname) continue; // USING INDEX: the index exists already
            return { table: table!, operation: 'index-build' };
          }
          if (constraint.contype === 'CONSTR_CHECK' || constraint.contype === 'CONSTR_FOREIGN') return { table: table!, operation: 'validation-scan' };
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
