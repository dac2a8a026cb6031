import { createHash } from 'node:crypto';
import { rewriteRoleNames } from '../sql/rewrite-role-names.js';

const MAX_NAME_BYTES = 63;

/**
 * The sandbox's name of an author's role in one scope (`<prefix>t<tag>` for a base template's
 * roles, `<prefix>u<tag>` for one review's): unique per scope, at most 63 bytes (a long name is
 * cut and given a hash of the whole so two long names never meet).
 */
export function scopedRoleName(scope: string, name: string): string {
  const full = `${scope}_${name}`;
  if (Buffer.byteLength(full) <= MAX_NAME_BYTES) return full;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  let cut = name;
  while (Buffer.byteLength(`${scope}_${cut}_${hash}`) > MAX_NAME_BYTES) cut = cut.slice(0, -1);
  return `${scope}_${cut}_${hash}`;
}

/**
 * Author's role names → the sandbox's, for one database: the base template's roles (created by
 * the base history or a preset, shared by every clone of that template) and, for a review,
 * the roles its own migrations create, named after the review so that two reviews creating
 * `app_user` on one server never meet. Statements are rewritten before they run; whatever the
 * review reports is mapped back with `toAuthorNames()`.
 */
export class RoleNames {
  private readonly created = new Map<string, string>();

  constructor(
    private readonly base: ReadonlyMap<string, string>,
    /** Scope of the roles this database's migrations create; undefined when only the base's are known (the base build). */
    private readonly scope: string | undefined,
    /** Why creating a role cannot work here (PostgreSQL 14/15), said instead of Postgres' bare "permission denied". */
    private readonly cannotCreate?: string,
  ) {}

  readonly rename = (name: string, creates: boolean): string | undefined => {
    if (creates && this.cannotCreate) throw new Error(this.cannotCreate);
    const known = this.created.get(name) ?? this.base.get(name);
    if (!creates || known !== undefined || this.scope === undefined) return known;
    const scoped = scopedRoleName(this.scope, name);
    this.created.set(name, scoped);
    return scoped;
  };

  /**
   * Parsing every statement twice would cost a large history seconds: a statement that names no
   * known role and has no ROLE/USER/GROUP keyword (the only ways to create one) is sent as written.
   */
  readonly rewrite = (text: string): string => {
    const lower = text.toLowerCase();
    const mayMatter = /\b(role|user|group)\b/.test(lower) || [...this.created.keys(), ...this.base.keys()].some((name) => lower.includes(name.toLowerCase()));
    return mayMatter ? rewriteRoleNames(text, this.rename) : text;
  };

  /** Sandbox name → author's name, for every role known so far. */
  toAuthorNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const [author, sandbox] of [...this.base, ...this.created]) names.set(sandbox, author);
    return names;
  }
}

/** Replaces the sandbox's role names in a text by the author's (longest first, so no name eats a longer one). */
export function restoreRoleNames(text: string, names: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [sandbox, author] of [...names].sort((a, b) => b[0].length - a[0].length)) out = out.split(sandbox).join(author);
  return out;
}
