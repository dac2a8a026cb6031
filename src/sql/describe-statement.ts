import { listOf, qualifiedName, stringValues, unwrap } from './node-helpers.js';
import type { ParsedStatement } from './parsed-statement.js';

/** What a statement does, in words, and the relations it names: for the Objective and title. */
export interface StatementSummary {
  action: string;
  relations: string[];
}

type Node = Record<string, unknown>;

export function describeStatement(statement: ParsedStatement): StatementSummary {
  const n = statement.node;
  switch (statement.kind) {
    case 'CreateStmt': {
      const table = qualifiedName(n.relation);
      return { action: `create table ${table}`, relations: [table!] };
    }
    case 'IndexStmt': {
      const table = qualifiedName(n.relation)!;
      const how = n.concurrent ? ' concurrently' : '';
      const unique = n.unique ? 'unique ' : '';
      return { action: `create ${unique}index ${String(n.idxname ?? '')} on ${table}${how}`.replace('  ', ' '), relations: [table] };
    }
    case 'AlterTableStmt': {
      const table = qualifiedName(n.relation)!;
      const parts = listOf(n.cmds).map((cmd) => describeAlterCommand(unwrap(cmd, 'AlterTableCmd') ?? {}));
      return { action: `alter ${table}: ${parts.join(', ')}`, relations: [table] };
    }
    case 'DropStmt': {
      const type = String(n.removeType ?? '').replace('OBJECT_', '').toLowerCase().replace('_', ' ');
      const names = listOf(n.objects).map((o) => stringValues(unwrap(o, 'List')?.items ?? []).join('.')).filter(Boolean);
      const relations = ['table', 'index', 'view', 'matview'].includes(type) ? names.map(withSchema) : [];
      return { action: `drop ${type} ${names.join(', ')}${n.behavior === 'DROP_CASCADE' ? ' cascade' : ''}`, relations };
    }
    case 'RenameStmt': {
      const target = qualifiedName(n.relation);
      return {
        action: `rename ${String(n.subname ?? target ?? 'object')} to ${String(n.newname)}`,
        relations: target ? [target] : [],
      };
    }
    case 'TruncateStmt': {
      const tables = listOf(n.relations).map(qualifiedName).filter((t): t is string => !!t);
      return { action: `truncate ${tables.join(', ')}`, relations: tables };
    }
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'InsertStmt': {
      const table = qualifiedName(n.relation)!;
      const verb = statement.kind === 'UpdateStmt' ? 'update rows of' : statement.kind === 'DeleteStmt' ? 'delete rows from' : 'insert rows into';
      return { action: `${verb} ${table}`, relations: [table] };
    }
    case 'VariableSetStmt':
      return { action: `set ${String(n.name ?? '')}`, relations: [] };
    case 'CreateExtensionStmt':
      return { action: `create extension ${String(n.extname)}`, relations: [] };
    case 'CreatePolicyStmt':
      return { action: `create policy ${String(n.policy_name)} on ${qualifiedName(n.table)}`, relations: [qualifiedName(n.table)!] };
    case 'CreateRoleStmt':
      return { action: `create role ${String(n.role)}`, relations: [] };
    case 'GrantStmt':
      return { action: `${n.is_grant ? 'grant' : 'revoke'} privileges`, relations: [] };
    case 'CreateFunctionStmt':
      return { action: `create function ${stringValues(n.funcname).join('.')}`, relations: [] };
    case 'ViewStmt':
      return { action: `create view ${qualifiedName(n.view)}`, relations: [] };
    case 'TransactionStmt':
      return { action: String(n.kind).replace('TRANS_STMT_', '').toLowerCase(), relations: [] };
    default:
      return { action: humanizeKind(statement.kind), relations: [] };
  }
}

function describeAlterCommand(cmd: Node): string {
  const column = typeof cmd.name === 'string' ? cmd.name : undefined;
  const def = cmd.def as Node | undefined;
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      return `add column ${String(unwrap(def, 'ColumnDef')?.colname ?? '')}`;
    case 'AT_DropColumn':
      return `drop column ${column}`;
    case 'AT_AlterColumnType':
      return `change type of ${column}`;
    case 'AT_SetNotNull':
      return `set ${column} not null`;
    case 'AT_DropNotNull':
      return `drop not null on ${column}`;
    case 'AT_ColumnDefault':
      return `change default of ${column}`;
    case 'AT_AddConstraint': {
      const c = unwrap(def, 'Constraint');
      const type = String(c?.contype ?? '').replace('CONSTR_', '').toLowerCase().replace('_', ' ');
      return `add ${type} constraint${c?.conname ? ` ${String(c.conname)}` : ''}${c?.skip_validation ? ' not valid' : ''}`;
    }
    case 'AT_ValidateConstraint':
      return `validate constraint ${column}`;
    case 'AT_DropConstraint':
      return `drop constraint ${column}`;
    default:
      return String(cmd.subtype ?? 'change').replace('AT_', '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  }
}

function withSchema(name: string): string {
  return name.includes('.') ? name : `public.${name}`;
}

function humanizeKind(kind: string): string {
  return kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
