import { alterCommands } from '../sql/classify-statement.js';
import { stringValues, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listAlterTablesOnExisting, listTracedStatements, shortName, type StatementAt } from './helpers/walk-statements.js';

export const changingColumnType = defineRule({
  name: 'changing-column-type',
  meta: {
    severity: 'warning',
    judgedByLockTime: true,
    summary: 'timestamp → timestamptz did not rewrite here only because the sandbox session runs in UTC.',
    why: 'Since PostgreSQL 12, ALTER COLUMN ... TYPE timestamptz from timestamp is binary-compatible only when the session TimeZone is UTC; in any other TimeZone Postgres rewrites the whole table and its indexes under AccessExclusiveLock (measured: a rewrite with TimeZone Europe/Paris, none with UTC). The sandbox runs in UTC; the production migration runner may not.',
    safeAlternative: "SET LOCAL TimeZone = 'UTC';  -- in the same transaction, before the ALTER\nALTER TABLE t ALTER COLUMN created_at TYPE timestamptz;",
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      if (at.traced.rewrites.includes(table) || setsUtcBefore(all, at)) return [];
      return alterCommands(at.statement)
        .filter((cmd) => cmd.subtype === 'AT_AlterColumnType')
        .filter((cmd) => stringValues(unwrap(unwrap(cmd.def, 'ColumnDef')?.typeName, 'TypeName')?.names ?? (unwrap(cmd.def, 'ColumnDef')?.typeName as Record<string, unknown> | undefined)?.names).at(-1) === 'timestamptz')
        .map((cmd) => ({
          file: at.file,
          line: at.line,
          message: `${shortName(table)}.${String(cmd.name)} TYPE timestamptz was measured without a rewrite in the sandbox's UTC session (PostgreSQL ${context.pgMajor}); if it was timestamp and the migration runner's TimeZone is not UTC, production rewrites ${shortName(table)} under AccessExclusiveLock.`,
        }));
    });
  },
});

/** Whether the same file set TimeZone to UTC before this statement. */
function setsUtcBefore(all: StatementAt[], at: StatementAt): boolean {
  return all.some((s) => {
    if (s.migration !== at.migration || s.position >= at.position || s.statement.kind !== 'VariableSetStmt') return false;
    const node = s.statement.node;
    if (String(node.name).toLowerCase() !== 'timezone') return false;
    return /\b(utc|gmt|zulu)\b|'0'|\+00/i.test(s.statement.text) || /^set\s+(local\s+)?time\s+zone\s+(utc|0)\b/i.test(s.statement.text);
  });
}
