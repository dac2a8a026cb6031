import { alterCommands } from '../sql/classify-statement.js';
import { listOf, stringValues, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listAlterTablesOnExisting, listTracedStatements, shortName } from './helpers/walk-statements.js';

export const addingRequiredColumn = defineRule({
  name: 'adding-required-column',
  meta: {
    severity: 'error',
    summary: 'ADD COLUMN ... NOT NULL without a DEFAULT on an existing table.',
    why: 'Existing rows would get NULL in the new column, which NOT NULL forbids: on any table that has rows Postgres refuses the statement ("column contains null values") and the deploy fails. It passed in the sandbox only because the table there was empty.',
    safeAlternative:
      "ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT '';  -- a constant default: no rewrite since PG11\n-- or: add it nullable, backfill in batches, then SET NOT NULL via a validated CHECK (see set-not-null-without-check)",
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      return alterCommands(at.statement).flatMap((cmd) => {
        const column = cmd.subtype === 'AT_AddColumn' ? unwrap(cmd.def, 'ColumnDef') : undefined;
        if (!column) return [];
        const kinds = listOf(column.constraints).map((c) => unwrap(c, 'Constraint')?.contype);
        const type = stringValues(unwrap(column.typeName, 'TypeName')?.names ?? (column.typeName as Record<string, unknown> | undefined)?.names).at(-1) ?? '';
        const filled = kinds.some((k) => k === 'CONSTR_DEFAULT' || k === 'CONSTR_IDENTITY' || k === 'CONSTR_GENERATED') || /serial/.test(type);
        if (filled || !kinds.some((k) => k === 'CONSTR_NOTNULL' || k === 'CONSTR_PRIMARY')) return [];
        return [{ file: at.file, line: at.line, message: `${shortName(table)}.${String(column.colname)} is added NOT NULL without a DEFAULT: it applied here because ${shortName(table)} was empty in the sandbox, but Postgres ${context.pgMajor} refuses it on a table with rows.` }];
      });
    });
  },
});
