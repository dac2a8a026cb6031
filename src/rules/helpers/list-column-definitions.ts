import { alterCommands } from '../../sql/classify-statement.js';
import { listOf, qualifiedName, stringValues, unwrap } from '../../sql/node-helpers.js';
import type { ParsedFile, ParsedStatement } from '../../sql/parsed-statement.js';

/** A column as a migration defines it: in CREATE TABLE, ADD COLUMN, or ALTER COLUMN ... TYPE. */
export interface ColumnDefinition {
  file: string;
  line: number;
  statement: ParsedStatement;
  table: string;
  column: string;
  /** Last part of the type name: "int4", "timestamp", "money", "serial"... */
  type: string;
  /** Column-level constraints (CONSTR_PRIMARY, CONSTR_IDENTITY, ...). */
  constraints: Array<Record<string, unknown>>;
  /** Columns named in a table-level PRIMARY KEY of the same CREATE TABLE. */
  inTablePrimaryKey: boolean;
  how: 'create' | 'add' | 'alter-type';
}

/** Pure, statements only: every column definition of every reviewed file. */
export function listColumnDefinitions(files: ParsedFile[]): ColumnDefinition[] {
  return files.flatMap((file) =>
    file.statements.flatMap((statement): ColumnDefinition[] => {
      const base = { file: file.path, line: statement.line, statement };
      if (statement.kind === 'CreateStmt') {
        const table = qualifiedName(statement.node.relation) ?? '';
        const elements = listOf(statement.node.tableElts);
        const pk = new Set(
          elements
            .map((e) => unwrap(e, 'Constraint'))
            .filter((c) => c?.contype === 'CONSTR_PRIMARY')
            .flatMap((c) => stringValues(c!.keys)),
        );
        return elements.flatMap((e) => {
          const column = unwrap(e, 'ColumnDef');
          return column ? [toDefinition(base, table, column, 'create', pk.has(String(column.colname)))] : [];
        });
      }
      const table = qualifiedName(statement.node.relation) ?? '';
      return alterCommands(statement).flatMap((cmd) => {
        const column = unwrap(cmd.def, 'ColumnDef');
        if (cmd.subtype === 'AT_AddColumn' && column) return [toDefinition(base, table, column, 'add', false)];
        if (cmd.subtype === 'AT_AlterColumnType' && column) return [toDefinition(base, table, { ...column, colname: cmd.name }, 'alter-type', false)];
        return [];
      });
    }),
  );
}

function toDefinition(
  base: { file: string; line: number; statement: ParsedStatement },
  table: string,
  column: Record<string, unknown>,
  how: ColumnDefinition['how'],
  inTablePrimaryKey: boolean,
): ColumnDefinition {
  const typeName = unwrap(column.typeName, 'TypeName') ?? (column.typeName as Record<string, unknown> | undefined);
  return {
    ...base,
    table,
    column: String(column.colname),
    type: stringValues(typeName?.names).at(-1) ?? '',
    constraints: listOf(column.constraints).map((c) => unwrap(c, 'Constraint') ?? {}),
    inTablePrimaryKey,
    how,
  };
}
