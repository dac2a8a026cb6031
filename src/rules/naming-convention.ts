import { alterCommands } from '../sql/classify-statement.js';
import { listOf, qualifiedName, unwrap } from '../sql/node-helpers.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';
import { scanSync } from '../sql/parser.js';
import { defineRule } from './define-rule.js';

type Kind = 'table' | 'column' | 'index' | 'constraint';
const SNAKE_CASE = '^[a-z][a-z0-9_]*$';
/** Postgres truncates identifiers to NAMEDATALEN - 1 bytes. */
const MAX_IDENTIFIER_BYTES = 63;

export const namingConvention = defineRule({
  name: 'naming-convention',
  meta: {
    severity: 'info',
    summary: 'A new name does not follow the configured naming convention.',
    why: 'Consistent names let people and tools guess them (users.org_id, users_org_id_fkey); mixed case forces double quotes everywhere, forever. Names longer than 63 bytes are silently truncated by Postgres, so two long names can collide and the migration refers to a name that does not exist as written.',
    safeAlternative: 'Rename it to match the pattern configured under `naming:` in .github/pg-dba-review.yml (default: snake_case, ^[a-z][a-z0-9_]*$), within 63 bytes.',
  },
  needs: ['statements'],
  check: ({ files, naming }) =>
    files.flatMap((file) =>
      file.statements.flatMap((statement) => {
        const long = listLongIdentifiers(statement.text).map((name) => ({
          file: file.path,
          line: statement.line,
          message: `The identifier "${name.slice(0, 20)}…" is longer than ${MAX_IDENTIFIER_BYTES} bytes: Postgres truncates it to "${name.slice(0, MAX_IDENTIFIER_BYTES)}".`,
        }));
        // One finding per statement: an ORM's CREATE TABLE with twenty camelCase columns is one remark.
        const offending = listNewNames(statement).filter(({ kind, name }) => !new RegExp(naming?.[kind] ?? SNAKE_CASE, 'u').test(name));
        if (offending.length === 0) return long;
        const kinds = [...new Set(offending.map((o) => o.kind))];
        const names = offending.map((o) => `${o.kind} "${o.name}"`).join(', ');
        const patterns = kinds.map((kind) => `${kind}: ${naming?.[kind] ?? SNAKE_CASE}`).join('; ');
        return [...long, { file: file.path, line: statement.line, message: `${names} ${offending.length > 1 ? 'do' : 'does'} not match the naming pattern (${patterns}).` }];
      }),
    ),
});

/** Names a statement introduces: tables/views, columns, indexes, named constraints, renames. */
function listNewNames(statement: ParsedStatement): Array<{ kind: Kind; name: string }> {
  const n = statement.node;
  const names: Array<{ kind: Kind; name: string }> = [];
  const constraint = (c: Record<string, unknown> | undefined) => {
    if (typeof c?.conname === 'string') names.push({ kind: 'constraint', name: c.conname });
  };
  const column = (def: Record<string, unknown> | undefined) => {
    if (!def) return;
    if (typeof def.colname === 'string') names.push({ kind: 'column', name: def.colname });
    listOf(def.constraints).forEach((c) => constraint(unwrap(c, 'Constraint')));
  };
  const relname = (rangeVar: unknown) => qualifiedName(rangeVar)?.split('.').slice(1).join('.');
  switch (statement.kind) {
    case 'CreateStmt': {
      const table = relname(n.relation);
      if (table) names.push({ kind: 'table', name: table });
      for (const element of listOf(n.tableElts)) {
        column(unwrap(element, 'ColumnDef'));
        constraint(unwrap(element, 'Constraint'));
      }
      break;
    }
    case 'ViewStmt': {
      const view = relname(n.view);
      if (view) names.push({ kind: 'table', name: view });
      break;
    }
    case 'CreateTableAsStmt': {
      const table = relname(unwrap(n.into, 'IntoClause')?.rel ?? (n.into as Record<string, unknown> | undefined)?.rel);
      if (table) names.push({ kind: 'table', name: table });
      break;
    }
    case 'IndexStmt':
      if (typeof n.idxname === 'string') names.push({ kind: 'index', name: n.idxname });
      break;
    case 'AlterTableStmt':
      for (const cmd of alterCommands(statement)) {
        if (cmd.subtype === 'AT_AddColumn') column(unwrap(cmd.def, 'ColumnDef'));
        if (cmd.subtype === 'AT_AddConstraint') constraint(unwrap(cmd.def, 'Constraint'));
      }
      break;
    case 'RenameStmt': {
      const kinds: Record<string, Kind> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'table', OBJECT_MATVIEW: 'table', OBJECT_COLUMN: 'column', OBJECT_INDEX: 'index', OBJECT_TABCONSTRAINT: 'constraint' };
      const kind = kinds[String(n.renameType)];
      if (kind && typeof n.newname === 'string') names.push({ kind, name: n.newname });
      break;
    }
    default:
      break;
  }
  return names;
}

/** The parser has already truncated long names, so they are read from the scanner's tokens. */
function listLongIdentifiers(text: string): string[] {
  try {
    return scanSync(text)
      .tokens.filter((token) => token.tokenName === 'IDENT')
      .map((token) => token.text.replace(/^"|"$/g, ''))
      .filter((name) => Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES);
  } catch {
    return [];
  }
}
