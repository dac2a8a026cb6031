import { listOf, unwrap } from '../sql/node-helpers.js';
import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import { restrictToRelations, touchedSince, type FunctionSnapshot, type Grant } from './catalog-snapshot.js';
import type { InspectionInput, InspectionNote } from './inspection.js';
import { locateRelation, locateStatement } from './locate-relation.js';
import { markBaseOrigin } from './mark-base-origin.js';
import { groupBy } from '../shared/group-by.js';

/** Privileges that let a grantee change or destroy data, or the table itself. */
const WRITE_PRIVILEGES = new Set(['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN']);
const ALL_TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
/** Role options worth a human's attention, as libpg-query names them. */
const POWERFUL_OPTIONS: Record<string, string> = {
  superuser: 'SUPERUSER',
  createrole: 'CREATEROLE',
  createdb: 'CREATEDB',
  isreplication: 'REPLICATION',
  bypassrls: 'BYPASSRLS',
};

/**
 * Security & Access Control: SECURITY DEFINER functions without a pinned search_path or
 * executable by PUBLIC, new grants to PUBLIC or of every privilege, CREATE on a schema for
 * PUBLIC, new roles (from the statements: the sandbox's role cannot create roles; passwords
 * are only ever reported as "set"), and extensions created.
 */
export function inspectSecurity(input: InspectionInput): InspectionNote[] {
  const { before, after } = input;
  const notes: InspectionNote[] = [];
  const oldFunctions = new Map(before.functions.map((f) => [f.signature, f]));

  for (const fn of after.functions) {
    const old = oldFunctions.get(fn.signature);
    if (old && JSON.stringify(old) === JSON.stringify(fn)) continue;
    if (!fn.securityDefiner) continue;
    const where = locateFunction(input, fn);
    const pinned = (f: FunctionSnapshot) => f.config.some((c) => c.startsWith('search_path='));
    const byPublic = (f: FunctionSnapshot) => f.grants.some((g) => g.grantee === 'PUBLIC');
    /** The base history already had it so: the change altered the function in another way. */
    const push = (note: InspectionNote, wasSo: boolean) => notes.push(wasSo ? markBaseOrigin(note) : note);
    if (!pinned(fn)) {
      push({
        kind: 'security-definer-without-search-path',
        section: 'security',
        object: fn.signature,
        message: `SECURITY DEFINER function ${fn.signature} runs with its owner's (${fn.owner}) privileges but does not pin search_path: a caller who can create objects in a schema on the path can make it run their code as the owner.`,
        sql: `ALTER FUNCTION ${functionRef(fn)} SET search_path = pg_catalog, pg_temp;`,
        ...where,
      }, old !== undefined && old.securityDefiner && !pinned(old));
    }
    if (byPublic(fn)) {
      push({
        kind: 'security-definer-executable-by-public',
        section: 'security',
        object: fn.signature,
        message: `SECURITY DEFINER function ${fn.signature} is executable by PUBLIC (the default for new functions): every role can call it with ${fn.owner}'s privileges.`,
        sql: `REVOKE EXECUTE ON FUNCTION ${functionRef(fn)} FROM PUBLIC;`,
        ...where,
      }, old !== undefined && old.securityDefiner && byPublic(old));
    }
  }

  // A grant changes its relation's pg_class row: when the catalog after was derived from the one
  // before, the relations read again are the only ones whose grants can differ.
  const touched = touchedSince(after, before);
  const [relationsBefore, relationsAfter] = touched
    ? [restrictToRelations(before, touched).relations, restrictToRelations(after, touched).relations]
    : [before.relations, after.relations];
  const oldGrants = new Map(relationsBefore.map((r) => [r.name, grantKeys(r.grants)]));
  for (const relation of relationsAfter) {
    const added = relation.grants.filter((g) => !oldGrants.get(relation.name)?.has(grantKey(g)));
    if (added.length === 0) continue;
    const where = locateRelation(input.migrations, relation.name, ['GrantStmt']) ?? {};
    const byGrantee = groupBy(relation.grants, (g) => g.grantee);
    for (const [grantee, grants] of byGrantee) {
      if (!added.some((g) => g.grantee === grantee)) continue;
      const privileges = grants.map((g) => g.privilege);
      const all = ALL_TABLE_PRIVILEGES.every((p) => privileges.includes(p));
      const writes = privileges.filter((p) => WRITE_PRIVILEGES.has(p));
      if (grantee !== 'PUBLIC' && !all) continue;
      notes.push({
        kind: grantee !== 'PUBLIC' ? 'broad-grant' : writes.length > 0 ? 'grant-write-to-public' : 'grant-to-public',
        section: 'security',
        object: relation.name,
        message:
          grantee === 'PUBLIC'
            ? `${relation.name} grants ${privileges.join(', ')} to PUBLIC: every role in the cluster${writes.length > 0 ? ' can change its data' : ' can read it'}${relation.rowSecurity ? ' (subject to its RLS policies)' : ''}.`
            : `${relation.name} grants every privilege (ALL) to ${grantee}: grant only what the role needs.`,
        sql: `REVOKE ${all ? 'ALL' : privileges.join(', ')} ON ${quoteQualified(relation.name)} FROM ${grantee === 'PUBLIC' ? 'PUBLIC' : quoteIdent(grantee)};`,
        ...where,
      });
    }
  }

  const oldSchemaGrants = new Map(before.schemas.map((s) => [s.name, grantKeys(s.grants)]));
  for (const schema of after.schemas) {
    for (const grant of schema.grants.filter((g) => g.grantee === 'PUBLIC' && g.privilege === 'CREATE')) {
      if (oldSchemaGrants.get(schema.name)?.has(grantKey(grant))) continue;
      notes.push({
        kind: 'schema-create-to-public',
        section: 'security',
        object: schema.name,
        message: `Schema ${schema.name} lets PUBLIC create objects: any role can plant functions or tables that shadow the ones your code means (the search_path attack PostgreSQL 15 closed for public).`,
        sql: `REVOKE CREATE ON SCHEMA ${quoteIdent(schema.name)} FROM PUBLIC;`,
        ...(locateStatement(input.migrations, (s) => s.kind === 'GrantStmt' && JSON.stringify(s.node).includes(`"sval":${JSON.stringify(schema.name)}`)) ?? {}),
      });
    }
  }

  const oldExtensions = new Set(before.extensions.map((e) => e.name));
  for (const extension of after.extensions.filter((e) => !oldExtensions.has(e.name))) {
    notes.push({
      kind: 'extension-created',
      section: 'security',
      object: extension.name,
      message: `Creates extension ${extension.name} ${extension.version} in schema ${extension.schema}: it must be installed and allowed on production (managed services keep allow-lists), and its functions run with the privileges it was created with.${extension.schema === 'public' ? ' An extension in public is callable and shadowable by every role; a dedicated schema is safer.' : ''}`,
    });
  }

  for (const migration of input.migrations) {
    for (const statement of migration.file.statements) {
      if (statement.kind !== 'CreateRoleStmt' && statement.kind !== 'AlterRoleStmt') continue;
      const node = statement.node;
      const options = listOf(node.options).map((o) => unwrap(o, 'DefElem') ?? {});
      const enabled = (name: string) => {
        const option = options.find((o) => o.defname === name);
        return option !== undefined && unwrap(option.arg, 'Boolean')?.boolval !== false;
      };
      const powers = Object.entries(POWERFUL_OPTIONS).filter(([name]) => enabled(name)).map(([, label]) => label);
      const hasPassword = options.some((o) => o.defname === 'password' && o.arg !== undefined);
      const traced = migration.statements.find((t) => t.statement === statement);
      const name = statement.kind === 'CreateRoleStmt' ? String(node.role) : roleName(node.role);
      notes.push({
        kind: statement.kind === 'CreateRoleStmt' ? 'role-created' : 'role-altered',
        section: 'security',
        object: name,
        message: `${statement.kind === 'CreateRoleStmt' ? 'Creates' : 'Alters'} role ${name}${enabled('canlogin') ? ' with LOGIN' : ''}${powers.length > 0 ? `, ${powers.join(', ')}` : ''}${hasPassword ? '; a password is set in the migration (redacted here): keep secrets out of migrations and set them from a secret store' : ''}. Roles are cluster-wide: they are not rolled back with the database and usually belong to infrastructure code.${traced?.error ? ' The sandbox role may not create roles, so this statement could not be measured.' : ''}`,
        file: migration.file.path,
        line: statement.line,
      });
    }
  }
  return notes;
}

function roleName(spec: unknown): string {
  const role = unwrap(spec, 'RoleSpec');
  if (!role) return String(spec ?? 'role');
  if (role.roletype === 'ROLESPEC_CSTRING') return String(role.rolename);
  return String(role.roletype).replace('ROLESPEC_', '');
}

function locateFunction(input: InspectionInput, fn: FunctionSnapshot): { file?: string; line?: number } {
  const name = fn.signature.slice(0, fn.signature.indexOf('(')).split('.').pop();
  for (const migration of input.migrations) {
    for (const statement of migration.file.statements) {
      if (statement.kind !== 'CreateFunctionStmt' && statement.kind !== 'AlterFunctionStmt') continue;
      if (JSON.stringify(statement.node).includes(`"sval":"${name}"`)) return { file: migration.file.path, line: statement.line };
    }
  }
  return {};
}

function functionRef(fn: FunctionSnapshot): string {
  const open = fn.signature.indexOf('(');
  return `${quoteQualified(fn.signature.slice(0, open))}${fn.signature.slice(open)}`;
}

function grantKey(grant: Grant): string {
  return `${grant.grantee}:${grant.privilege}`;
}

function grantKeys(grants: Grant[]): Set<string> {
  return new Set(grants.map(grantKey));
}

