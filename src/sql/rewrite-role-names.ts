import { parseSync, scanSync } from './parser.js';
import type { ParsedFile } from './parsed-statement.js';

type Node = Record<string, unknown>;

interface Token {
  start: number;
  end: number;
  text: string;
  tokenName: string;
}

/** A role name in a statement: where it is (UTF-8 byte offsets) and whether it is written as a string ('anon'). */
interface RoleReference {
  name: string;
  start: number;
  end: number;
  literal: boolean;
  /** The statement creates (or renames a role to) this name. */
  creates: boolean;
}

/**
 * Roles are global to a cluster, so each review gives the roles its migrations create names of
 * its own. Rewrites the role names of one statement through the parser's tree: every RoleSpec
 * (GRANT ... TO, policies TO, OWNER TO, ALTER/DROP ROLE, ALTER DEFAULT PRIVILEGES ... TO,
 * AUTHORIZATION), the name a CREATE ROLE creates, the granted roles of GRANT role TO, RENAME of a
 * role, COMMENT ON ROLE and SET ROLE. `rename` answers the sandbox's name for an author's name, or
 * undefined to leave it. Names inside strings that are SQL themselves (DO blocks, function bodies,
 * EXECUTE) are not rewritten. Returns the text unchanged when nothing was renamed.
 */
export function rewriteRoleNames(text: string, rename: (name: string, creates: boolean) => string | undefined): string {
  let stmts: Array<{ stmt?: Node }>;
  try {
    stmts = (parseSync(text) as { stmts?: Array<{ stmt?: Node }> }).stmts ?? [];
  } catch {
    return text;
  }
  const bytes = Buffer.from(text, 'utf8');
  const tokens = (scanSync(text).tokens as Token[]).filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  const references: RoleReference[] = [];
  for (const entry of stmts) if (entry.stmt) collectReferences(entry.stmt, tokens, references);
  const replacements = references
    .map((ref) => ({ ref, to: rename(ref.name, ref.creates) }))
    .filter((r): r is { ref: RoleReference; to: string } => r.to !== undefined && r.to !== r.ref.name)
    .sort((a, b) => b.ref.start - a.ref.start);
  if (replacements.length === 0) return text;
  let out = bytes;
  const seen = new Set<number>();
  for (const { ref, to } of replacements) {
    if (seen.has(ref.start)) continue;
    seen.add(ref.start);
    const written = ref.literal ? `'${to.replace(/'/g, "''")}'` : `"${to.replace(/"/g, '""')}"`;
    out = Buffer.concat([out.subarray(0, ref.start), Buffer.from(written, 'utf8'), out.subarray(ref.end)]);
  }
  return out.toString('utf8');
}

/** The role names a history creates (CREATE ROLE/USER/GROUP, and the new name of ALTER ROLE ... RENAME TO). */
export function listCreatedRoles(files: ParsedFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    for (const statement of file.statements) {
      if (statement.kind === 'CreateRoleStmt' && typeof statement.node.role === 'string') names.add(statement.node.role);
      if (statement.kind === 'RenameStmt' && statement.node.renameType === 'OBJECT_ROLE' && typeof statement.node.newname === 'string') names.add(statement.node.newname);
    }
  }
  return [...names];
}

function collectReferences(stmt: Node, tokens: Token[], into: RoleReference[]): void {
  const [kind, node] = Object.entries(stmt)[0] as [string, Node];
  const at = (location: unknown) => (typeof location === 'number' ? tokens.find((t) => t.start === location) : undefined);
  const add = (name: string, token: Token | undefined, creates = false) => {
    if (!token || !matches(token, name)) return;
    into.push({ name, start: token.start, end: token.end, literal: token.tokenName === 'SCONST', creates });
  };

  // Everything with a location: RoleSpec nodes wherever they are (wrapped as { RoleSpec: ... }
  // in lists, bare in fields such as AlterRoleSetStmt.role).
  walk(node, (_key, value) => {
    const spec = value as Node;
    if (spec && typeof spec === 'object' && spec.roletype === 'ROLESPEC_CSTRING' && typeof spec.rolename === 'string') add(spec.rolename, at(spec.location));
  });
  // The name after CREATE ROLE / ALTER ROLE ... RENAME / COMMENT ON ROLE carries no location: it is
  // the token after the ROLE (USER, GROUP) keyword.
  const afterRoleKeyword = () => {
    const index = tokens.findIndex((t) => /^(role|user|group)$/i.test(t.text));
    return index >= 0 ? tokens[index + 1] : undefined;
  };
  if (kind === 'CreateRoleStmt' && typeof node.role === 'string') add(node.role, afterRoleKeyword(), true);
  if (kind === 'RenameStmt' && node.renameType === 'OBJECT_ROLE') {
    if (typeof node.subname === 'string') add(node.subname, afterRoleKeyword());
    if (typeof node.newname === 'string') add(node.newname, tokens.at(-1) && tokens.at(-1)!.text === ';' ? tokens.at(-2) : tokens.at(-1), true);
  }
  if (kind === 'CommentStmt' && node.objtype === 'OBJECT_ROLE') {
    const name = (node.object as Node | undefined)?.String as Node | undefined;
    if (typeof name?.sval === 'string') add(name.sval, afterRoleKeyword());
  }
  // GRANT/REVOKE role: the granted roles are the name tokens before the TO/FROM keyword.
  if (kind === 'GrantRoleStmt') {
    const end = tokens.findIndex((t) => /^(to|from)$/i.test(t.text));
    const names = new Set(
      (Array.isArray(node.granted_roles) ? node.granted_roles : [])
        .map((item) => ((item as Node).AccessPriv as Node | undefined)?.priv_name)
        .filter((n): n is string => typeof n === 'string'),
    );
    for (const token of tokens.slice(1, end < 0 ? tokens.length : end)) {
      for (const name of names) add(name, token);
    }
  }
  // SET ROLE 'x' / SET ROLE x.
  if (kind === 'VariableSetStmt' && node.name === 'role' && Array.isArray(node.args)) {
    for (const arg of node.args) {
      const constant = (arg as Node).A_Const as Node | undefined;
      const value = (constant?.sval as Node | undefined)?.sval;
      if (typeof value === 'string') add(value, at(constant?.location));
    }
  }
}

/** Whether a token spells the name: a bare word folds to lower case, a quoted one is exact. */
function matches(token: Token, name: string): boolean {
  const text = token.text;
  if (token.tokenName === 'SCONST') return text.startsWith("'") && text.slice(1, -1).replace(/''/g, "'") === name;
  if (text.startsWith('"')) return text.slice(1, -1).replace(/""/g, '"') === name;
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(text) && text.toLowerCase() === name;
}

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    visit(key, child);
    walk(child, visit);
  }
}
