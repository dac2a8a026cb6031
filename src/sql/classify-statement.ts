import { listOf, unwrap } from './node-helpers.js';
import type { ParsedStatement } from './parsed-statement.js';

/** Statements that lose data or that a restore would have to undo. */
export function isDestructive(statement: ParsedStatement): boolean {
  const n = statement.node;
  switch (statement.kind) {
    case 'DropStmt':
      return ['OBJECT_TABLE', 'OBJECT_MATVIEW', 'OBJECT_SCHEMA', 'OBJECT_TYPE', 'OBJECT_SEQUENCE'].includes(String(n.removeType));
    case 'TruncateStmt':
    case 'DropdbStmt':
      return true;
    case 'DeleteStmt':
      return true;
    case 'UpdateStmt':
      return !n.whereClause;
    case 'AlterTableStmt':
      return alterCommands(statement).some((cmd) => cmd.subtype === 'AT_DropColumn');
    default:
      return false;
  }
}

/** Statements that change who can see or do what. */
export function changesAccessControl(statement: ParsedStatement): boolean {
  switch (statement.kind) {
    case 'GrantStmt':
    case 'GrantRoleStmt':
    case 'CreateRoleStmt':
    case 'AlterRoleStmt':
    case 'DropRoleStmt':
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
    case 'AlterDefaultPrivilegesStmt':
    case 'CreateExtensionStmt':
      return true;
    case 'AlterTableStmt':
      return alterCommands(statement).some((cmd) => String(cmd.subtype).includes('RowSecurity'));
    case 'CreateFunctionStmt':
      return listOf(statement.node.options).some((o) => unwrap(o, 'DefElem')?.defname === 'security');
    default:
      return false;
  }
}

export function alterCommands(statement: ParsedStatement): Array<Record<string, unknown>> {
  if (statement.kind !== 'AlterTableStmt') return [];
  return listOf(statement.node.cmds).map((cmd) => unwrap(cmd, 'AlterTableCmd') ?? {});
}
