import type { ParsedFile, ParsedStatement } from './parsed-statement.js';

/**
 * How a migration runner would run a file:
 * - `single-transaction`: the whole file in one transaction (most runners' default);
 * - `explicit`: the file manages its own BEGIN/COMMIT, so statements are sent as written;
 * - `autocommit`: the file holds a statement Postgres refuses inside a transaction block
 *   (CREATE INDEX CONCURRENTLY, VACUUM, ...), so each statement is its own transaction.
 */
export type TransactionMode = 'single-transaction' | 'explicit' | 'autocommit';

export type TransactionControl = 'begin' | 'commit' | 'rollback' | 'rollback-to-savepoint' | 'other';

export function transactionControl(statement: ParsedStatement): TransactionControl | undefined {
  if (statement.kind !== 'TransactionStmt') return undefined;
  const kind = statement.node.kind as string;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT') return 'commit';
  if (kind === 'TRANS_STMT_ROLLBACK') return 'rollback';
  if (kind === 'TRANS_STMT_ROLLBACK_TO') return 'rollback-to-savepoint';
  return 'other';
}

/** True for statements that Postgres refuses to run inside a transaction block. */
export function mustRunOutsideTransaction(statement: ParsedStatement): boolean {
  const node = statement.node;
  switch (statement.kind) {
    case 'IndexStmt':
      return node.concurrent === true;
    case 'DropStmt':
      return node.concurrent === true;
    case 'ReindexStmt':
      return hasOption(node.params, 'concurrently');
    case 'VacuumStmt':
      return node.is_vacuumcmd === true;
    case 'AlterTableStmt':
      return detachesConcurrently(node);
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterSystemStmt':
      return true;
    default:
      return false;
  }
}

/**
 * A file whose tool runs it outside a transaction (`noTransaction`, from the tool's own marker)
 * runs in autocommit too, unless it manages its own BEGIN/COMMIT.
 */
export function planTransactions(file: Pick<ParsedFile, 'statements' | 'noTransaction'>): TransactionMode {
  const statements = file.statements;
  if (statements.some((s) => transactionControl(s) === 'begin' || transactionControl(s) === 'commit')) {
    return 'explicit';
  }
  if (file.noTransaction || statements.some((s) => mustRunOutsideTransaction(s))) return 'autocommit';
  return 'single-transaction';
}

function hasOption(params: unknown, name: string): boolean {
  if (!Array.isArray(params)) return false;
  return params.some((p) => (p as { DefElem?: { defname?: string } }).DefElem?.defname === name);
}

function detachesConcurrently(node: Record<string, unknown>): boolean {
  const cmds = Array.isArray(node.cmds) ? node.cmds : [];
  return cmds.some((cmd) => {
    const c = (cmd as { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } })
      .AlterTableCmd;
    return c?.subtype === 'AT_DetachPartition' && c.def?.PartitionCmd?.concurrent === true;
  });
}
