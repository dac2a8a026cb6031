import { listOf, qualifiedName, stringValues, unwrap } from '../sql/node-helpers.js';
import type { ParsedFile, ParsedStatement } from '../sql/parsed-statement.js';
import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import { relationNamed, type CatalogSnapshot, type PolicySnapshot } from './catalog-snapshot.js';

/** The undo of one statement of the migrations: SQL we built, or why there is none. */
export interface InverseStatement {
  file: string;
  line: number;
  /** The statement it undoes, secrets redacted. */
  statement: string;
  /** SQL built from identifiers (never the author's text). */
  inverse?: string;
  /** Set when no statement can undo it: the data or definition it removed is gone. */
  irreversible?: string;
  /** No inverse was generated, but a human could write one. */
  manual?: string;
}

type Node = Record<string, unknown>;

/** Statements that change nothing a rollback must undo. */
const NOTHING_TO_UNDO = new Set(['TransactionStmt', 'VariableSetStmt', 'SelectStmt', 'ExplainStmt', 'CommentStmt', 'VacuumStmt', 'AnalyzeStmt', 'CheckPointStmt', 'LockStmt']);

/**
 * Inverse statements for migrations that came without a down migration, in the order they
 * must run (last statement first). The catalog before the migrations supplies what a drop or
 * change removed (old defaults, types, index and constraint definitions, policies); data a
 * statement destroyed cannot come back, and those statements are marked irreversible.
 */
export function buildInverseStatements(files: ParsedFile[], before: CatalogSnapshot, after: CatalogSnapshot): InverseStatement[] {
  const inverses: InverseStatement[] = [];
  for (const file of files) {
    for (const statement of file.statements) {
      if (NOTHING_TO_UNDO.has(statement.kind)) continue;
      inverses.push({ file: file.path, line: statement.line, statement: statement.sql, ...invert(statement, before, after) });
    }
  }
  return inverses.reverse();
}

type Undo = { inverse: string } | { irreversible: string } | { manual: string };

function invert(statement: ParsedStatement, before: CatalogSnapshot, after: CatalogSnapshot): Undo {
  const n = statement.node;
  switch (statement.kind) {
    case 'CreateStmt':
      return { inverse: `DROP TABLE ${quoteQualified(qualifiedName(n.relation)!)};` };
    case 'CreateTableAsStmt': {
      const into = unwrap(n.into, 'IntoClause');
      const name = qualifiedName(into?.rel);
      if (!name) break;
      return { inverse: `DROP ${n.objtype === 'OBJECT_MATVIEW' ? 'MATERIALIZED VIEW' : 'TABLE'} ${quoteQualified(name)};` };
    }
    case 'IndexStmt': {
      const table = qualifiedName(n.relation)!;
      if (typeof n.idxname !== 'string') return { manual: 'the index has no name in the migration; name it so a down migration can drop it' };
      return { inverse: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(`${schemaOf(table)}.${n.idxname}`)};` };
    }
    case 'AlterTableStmt':
      return invertAlterTable(statement, before);
    case 'CreatePolicyStmt':
      return { inverse: `DROP POLICY IF EXISTS ${quoteIdent(String(n.policy_name))} ON ${quoteQualified(qualifiedName(n.table)!)};` };
    case 'CreateExtensionStmt':
      return { inverse: `DROP EXTENSION IF EXISTS ${quoteIdent(String(n.extname))};` };
    case 'CreateSeqStmt':
      return { inverse: `DROP SEQUENCE ${quoteQualified(qualifiedName(n.sequence)!)};` };
    case 'ViewStmt': {
      const name = qualifiedName(n.view)!;
      const old = relationNamed(before, name);
      if (!old) return { inverse: `DROP VIEW ${quoteQualified(name)};` };
      if (old.kind !== 'v' || !old.definition) return { manual: 'it replaces an existing view; restore the previous definition by hand' };
      // OR REPLACE cannot drop the columns the new query added, so the old view is recreated.
      return { inverse: `DROP VIEW ${quoteQualified(name)};\nCREATE VIEW ${quoteQualified(name)} AS ${old.definition.trim().replace(/;$/, '')};` };
    }
    case 'CreateFunctionStmt': {
      const name = stringValues(n.funcname);
      const qualified = name.length > 1 ? name.join('.') : `public.${name[0]}`;
      const existed = new Set(before.functions.map((f) => f.signature));
      const created = after.functions.filter((f) => f.signature.startsWith(`${qualified}(`) && !existed.has(f.signature));
      if (created.length === 1) {
        const sig = created[0]!.signature;
        const open = sig.indexOf('(');
        return { inverse: `DROP ${n.is_procedure ? 'PROCEDURE' : 'FUNCTION'} ${quoteQualified(sig.slice(0, open))}${sig.slice(open)};` };
      }
      const replaced = before.functions.filter(
        (f) => f.signature.startsWith(`${qualified}(`) && after.functions.some((g) => g.signature === f.signature && g.body !== f.body),
      );
      if (replaced.length === 1 && replaced[0]!.definition) return { inverse: `${replaced[0]!.definition.trim().replace(/;$/, '')};` };
      return { manual: 'it replaces an existing function (or could not be matched in the catalog); restore the previous definition by hand' };
    }
    case 'CreateRoleStmt':
      return { inverse: `DROP ROLE ${quoteIdent(String(n.role))};` };
    case 'CreateSchemaStmt':
      return { inverse: `DROP SCHEMA ${quoteIdent(String(n.schemaname))};` };
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
      return { inverse: `DROP TYPE ${quoteQualified(qualifiedList(n.typeName))};` };
    case 'CompositeTypeStmt':
      return { inverse: `DROP TYPE ${quoteQualified(qualifiedName(n.typevar)!)};` };
    case 'CreateDomainStmt':
      return { inverse: `DROP DOMAIN ${quoteQualified(qualifiedList(n.domainname))};` };
    case 'CreateTrigStmt':
      if (n.replace) return { manual: 'it may replace an existing trigger; restore the previous definition by hand' };
      return { inverse: `DROP TRIGGER ${quoteIdent(String(n.trigname))} ON ${quoteQualified(qualifiedName(n.relation)!)};` };
    case 'AlterEnumStmt':
      if (n.newVal && !n.oldVal) return { irreversible: 'an enum value cannot be removed once added (only by recreating the type)' };
      break;
    case 'RenameStmt':
      return invertRename(n);
    case 'DropStmt':
      return invertDrop(n, before, after);
    case 'GrantStmt':
      return invertGrant(n);
    case 'TruncateStmt':
      return { irreversible: 'TRUNCATE removes every row' };
    case 'DeleteStmt':
      return { irreversible: 'the deleted rows are gone; restore them from a backup' };
    case 'UpdateStmt':
      return { irreversible: 'the previous values are gone unless the migration kept them' };
    case 'InsertStmt':
      return { manual: 'delete the inserted rows by key' };
    default:
      break;
  }
  return { manual: 'no automatic inverse for this kind of statement' };
}

function invertAlterTable(statement: ParsedStatement, before: CatalogSnapshot): Undo {
  const n = statement.node;
  const table = qualifiedName(n.relation)!;
  const old = relationNamed(before, table);
  const parts: string[] = [];
  for (const wrapped of listOf(n.cmds)) {
    const cmd = unwrap(wrapped, 'AlterTableCmd') ?? {};
    const column = typeof cmd.name === 'string' ? cmd.name : '';
    const oldColumn = old?.columns.find((c) => c.name === column);
    switch (cmd.subtype) {
      case 'AT_AddColumn':
        parts.push(`DROP COLUMN IF EXISTS ${quoteIdent(String(unwrap(cmd.def, 'ColumnDef')?.colname))}`);
        break;
      case 'AT_AddConstraint': {
        const constraint = unwrap(cmd.def, 'Constraint');
        if (typeof constraint?.conname !== 'string') return { manual: 'the constraint has no name in the migration; name it so a down migration can drop it' };
        parts.push(`DROP CONSTRAINT IF EXISTS ${quoteIdent(constraint.conname)}`);
        break;
      }
      case 'AT_ValidateConstraint':
        break;
      case 'AT_SetNotNull':
        // A column the migrations added goes with its DROP COLUMN; nothing else to undo.
        if (!old || !oldColumn) break;
        parts.push(`ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL`);
        break;
      case 'AT_DropNotNull':
        parts.push(`ALTER COLUMN ${quoteIdent(column)} SET NOT NULL`);
        break;
      case 'AT_ColumnDefault':
        if (!old) break;
        if (!oldColumn) break;
        parts.push(`ALTER COLUMN ${quoteIdent(column)} ${oldColumn.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${oldColumn.default}`}`);
        break;
      case 'AT_AlterColumnType':
        if (!old || !oldColumn) break;
        parts.push(`ALTER COLUMN ${quoteIdent(column)} TYPE ${oldColumn.type} USING ${quoteIdent(column)}::${oldColumn.type}`);
        break;
      case 'AT_DropConstraint': {
        const constraint = before.constraints.find((c) => c.table === table && c.name === column);
        if (!constraint) return { manual: `constraint ${column} was not in the base schema` };
        parts.push(`ADD CONSTRAINT ${quoteIdent(column)} ${constraint.definition}`);
        break;
      }
      case 'AT_EnableRowSecurity':
        parts.push('DISABLE ROW LEVEL SECURITY');
        break;
      case 'AT_DisableRowSecurity':
        parts.push('ENABLE ROW LEVEL SECURITY');
        break;
      case 'AT_ForceRowSecurity':
        parts.push('NO FORCE ROW LEVEL SECURITY');
        break;
      case 'AT_NoForceRowSecurity':
        parts.push('FORCE ROW LEVEL SECURITY');
        break;
      case 'AT_SetUnLogged':
        parts.push('SET LOGGED');
        break;
      case 'AT_SetLogged':
        parts.push('SET UNLOGGED');
        break;
      case 'AT_DropColumn':
        return { irreversible: `dropping column ${column} destroys its values` };
      default:
        return { manual: `no automatic inverse for ${String(cmd.subtype).replace('AT_', '')}` };
    }
  }
  if (parts.length === 0) return { inverse: `-- nothing to undo: ${old ? 'it changes only what the migrations added' : `${table} is new`}` };
  return { inverse: `ALTER TABLE ${quoteQualified(table)} ${parts.reverse().join(', ')};` };
}

function invertRename(n: Node): Undo {
  const target = qualifiedName(n.relation);
  const newName = String(n.newname);
  if (!target) return { manual: 'no automatic inverse for this rename' };
  const renamed = `${schemaOf(target)}.${newName}`;
  switch (n.renameType) {
    case 'OBJECT_TABLE':
      return { inverse: `ALTER TABLE ${quoteQualified(renamed)} RENAME TO ${quoteIdent(target.slice(target.indexOf('.') + 1))};` };
    case 'OBJECT_INDEX':
      return { inverse: `ALTER INDEX ${quoteQualified(renamed)} RENAME TO ${quoteIdent(target.slice(target.indexOf('.') + 1))};` };
    case 'OBJECT_COLUMN':
      return { inverse: `ALTER TABLE ${quoteQualified(target)} RENAME COLUMN ${quoteIdent(newName)} TO ${quoteIdent(String(n.subname))};` };
    case 'OBJECT_TABCONSTRAINT':
      return { inverse: `ALTER TABLE ${quoteQualified(target)} RENAME CONSTRAINT ${quoteIdent(newName)} TO ${quoteIdent(String(n.subname))};` };
    default:
      return { manual: 'no automatic inverse for this rename' };
  }
}

function invertDrop(n: Node, before: CatalogSnapshot, after: CatalogSnapshot): Undo {
  const names = listOf(n.objects).map((o) => stringValues(unwrap(o, 'List')?.items ?? []));
  switch (n.removeType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_MATVIEW':
      return { irreversible: 'dropping a table destroys its rows' };
    case 'OBJECT_SCHEMA':
      return { irreversible: 'dropping a schema destroys what it holds' };
    case 'OBJECT_INDEX': {
      const definitions = names.map((parts) => before.indexes.find((i) => i.name === withSchema(parts.join('.'))));
      if (definitions.some((d) => !d)) return { manual: 'the dropped index was not in the base schema' };
      return { inverse: definitions.map((d) => `${d!.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')};`).join('\n') };
    }
    case 'OBJECT_POLICY': {
      // DROP POLICY name ON table: the list is [schema?, table, policy].
      const restored = names.map((parts) => {
        const policy = parts[parts.length - 1]!;
        const table = withSchema(parts.slice(0, -1).join('.'));
        return before.policies.find((p) => p.table === table && p.name === policy);
      });
      if (restored.some((p) => !p)) return { manual: 'the dropped policy was not in the base schema' };
      return { inverse: restored.map((p) => createPolicy(p!)).join('\n') };
    }
    case 'OBJECT_VIEW': {
      const views = names.map((parts) => [relationNamed(before, withSchema(parts.join('.')))].find((r) => r?.kind === 'v'));
      if (views.some((v) => !v?.definition)) return { manual: 'the dropped view was not in the base schema' };
      return { inverse: views.map((v) => `CREATE VIEW ${quoteQualified(v!.name)} AS ${v!.definition!.trim().replace(/;$/, '')};`).join('\n') };
    }
    case 'OBJECT_TRIGGER': {
      // DROP TRIGGER name ON table: the list is [schema?, table, trigger].
      const triggers = names.map((parts) =>
        (before.triggers ?? []).find((t) => t.table === withSchema(parts.slice(0, -1).join('.')) && t.name === parts[parts.length - 1]),
      );
      if (triggers.some((t) => !t)) return { manual: 'the dropped trigger was not in the base schema' };
      return { inverse: triggers.map((t) => `${t!.definition};`).join('\n') };
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE': {
      const remaining = new Set(after.functions.map((f) => f.signature));
      const dropped = before.functions.filter((f) => !remaining.has(f.signature));
      if (dropped.length === 0 || dropped.length !== names.length || dropped.some((f) => !f.definition)) {
        return { manual: 'the dropped function could not be matched in the base schema; restore it by hand' };
      }
      return { inverse: dropped.map((f) => `${f.definition!.trim().replace(/;$/, '')};`).join('\n') };
    }
    default:
      return { manual: 'the dropped definition is not kept; restore it from the base schema by hand' };
  }
}

function invertGrant(n: Node): Undo {
  if (n.objtype !== 'OBJECT_TABLE' || n.targtype !== 'ACL_TARGET_OBJECT') return { manual: 'no automatic inverse for this grant' };
  const privileges = listOf(n.privileges).map((p) => String(unwrap(p, 'AccessPriv')?.priv_name ?? '').toUpperCase());
  const objects = listOf(n.objects).map((o) => quoteQualified(qualifiedName(o)!));
  const grantees = listOf(n.grantees).map((g) => {
    const role = unwrap(g, 'RoleSpec') ?? {};
    return role.roletype === 'ROLESPEC_PUBLIC' ? 'PUBLIC' : quoteIdent(String(role.rolename));
  });
  const what = privileges.length > 0 ? privileges.join(', ') : 'ALL';
  return n.is_grant
    ? { inverse: `REVOKE ${what} ON ${objects.join(', ')} FROM ${grantees.join(', ')};` }
    : { inverse: `GRANT ${what} ON ${objects.join(', ')} TO ${grantees.join(', ')};` };
}

function createPolicy(p: PolicySnapshot): string {
  const roles = p.roles.map((r) => (r === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r))).join(', ');
  return `CREATE POLICY ${quoteIdent(p.name)} ON ${quoteQualified(p.table)} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command} TO ${roles}${p.using ? ` USING (${p.using})` : ''}${p.check ? ` WITH CHECK (${p.check})` : ''};`;
}

/** ["schema", "name"] or ["name"] (String nodes) → "schema.name", public by default. */
function qualifiedList(list: unknown): string {
  const parts = stringValues(list);
  return parts.length > 1 ? parts.join('.') : `public.${parts[0]}`;
}

function schemaOf(qualified: string): string {
  return qualified.slice(0, qualified.indexOf('.'));
}

function withSchema(name: string): string {
  return name.includes('.') ? name : `public.${name}`;
}
