import { alterCommands } from '../sql/classify-statement.js';
import { listOf, qualifiedName, stringValues, unwrap } from '../sql/node-helpers.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';

/** Which tables' data a destructive statement removes, in words. */
export function findDestroyedData(statement: ParsedStatement): Array<{ table: string; what: string }> {
  const n = statement.node;
  switch (statement.kind) {
    case 'DropStmt':
      if (n.removeType !== 'OBJECT_TABLE' && n.removeType !== 'OBJECT_MATVIEW') return [];
      return listOf(n.objects).map((o) => ({ table: withSchema(stringValues(unwrap(o, 'List')?.items ?? []).join('.')), what: 'Drops' }));
    case 'TruncateStmt':
      return listOf(n.relations).map((r) => ({ table: qualifiedName(r)!, what: 'Empties' }));
    case 'AlterTableStmt': {
      const table = qualifiedName(n.relation)!;
      return alterCommands(statement)
        .filter((cmd) => cmd.subtype === 'AT_DropColumn')
        .map((cmd) => ({ table, what: `Drops column ${String(cmd.name)} of` }));
    }
    case 'DeleteStmt':
    case 'UpdateStmt':
      return [{ table: qualifiedName(n.relation)!, what: statement.kind === 'DeleteStmt' ? 'Deletes rows of' : 'Overwrites every row of' }];
    default:
      return [];
  }
}

function withSchema(name: string): string {
  return name.includes('.') ? name : `public.${name}`;
}
